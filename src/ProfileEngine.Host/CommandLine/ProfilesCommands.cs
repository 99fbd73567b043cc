using System.CommandLine;
using ProfileEngine.Messaging;
using ProfileEngine.Profiles;

namespace ProfileEngine.Host.CommandLine;

/// <summary><c>profiles list|create|validate|publish</c>: a profile is named by its id or its display name.</summary>
public static class ProfilesCommands
{
    public static Command Create(VerbRunner verb)
    {
        ArgumentNullException.ThrowIfNull(verb);
        var status = new Option<string?>("--status") { Description = "Draft or Published" };
        var list = new Command("list", "every profile with its status, alias and last validation") { status };
        verb.Handle(list, async (engine, parse, cancellationToken) =>
        {
            ProfileStatus? filter = null;
            if (parse.GetValue(status) is { } text)
            {
                filter = Enum.TryParse<ProfileStatus>(text, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)
                    ? parsed
                    : throw new RequestValidationException(nameof(ListProfiles), "status", $"status must be Draft or Published, not '{text}'.");
            }

            foreach (var profile in await engine.QueryAsync(new ListProfiles(filter), cancellationToken))
            {
                var validation = profile.LastValidation is { } v ? (v.Passed ? "validated" : "validation failed") : "not validated";
                await engine.Output.WriteLineAsync($"{profile.Id}  {profile.Status,-9}  {profile.DisplayName}  [{profile.ConnectionAlias}, {validation}]");
            }

            return 0;
        });

        var displayName = new Argument<string>("display-name");
        var activity = new Option<bool>("--download-activity") { DefaultValueFactory = _ => true, Description = "Download activity (default true)" };
        var reclaim = new Option<bool>("--reclaim") { DefaultValueFactory = _ => true, Description = "Reclaim subscriptions (default true)" };
        var alias = new Option<string?>("--alias") { Description = "a child alias; default: the parent alias the check boxes choose" };
        var create = new Command("create", "saves a new Draft profile") { displayName, activity, reclaim, alias };
        verb.Handle(create, async (engine, parse, cancellationToken) =>
        {
            await engine.LoadDefinitionsAsync(cancellationToken);
            var created = await engine.SendAsync(
                new CreateProfile(parse.GetValue(displayName)!, true, parse.GetValue(activity), parse.GetValue(reclaim), ConnectionAlias: parse.GetValue(alias)),
                cancellationToken);
            await engine.Output.WriteLineAsync($"Created {created.DisplayName} ({created.Id}), Draft, alias {created.ConnectionAlias}.");
            return 0;
        });

        var profileArgument = new Argument<string>("profile") { Description = "the profile's id or display name" };
        var validate = new Command("validate", "Validate Connection: checks the Download and Activity APIs, prints each check") { profileArgument };
        verb.Handle(validate, async (engine, parse, cancellationToken) =>
        {
            var profile = await FindAsync(engine, parse.GetValue(profileArgument)!, cancellationToken);
            var validated = await engine.SendAsync(new ValidateProfileConnection(profile.Id), cancellationToken);
            foreach (var check in validated.LastValidation?.Checks ?? [])
            {
                await engine.Output.WriteLineAsync($"{(check.Passed ? "PASS" : "FAIL")}  {check.Process}: {check.Name}: {check.Message}");
            }

            return validated.LastValidation?.Passed == true ? 0 : 1;
        });

        var yes = new Option<bool>("--yes") { Description = "confirm: publishing creates the scheduled jobs" };
        var publish = new Command("publish", "publishes a validated profile and creates its scheduled jobs") { profileArgument, yes };
        verb.Handle(publish, async (engine, parse, cancellationToken) =>
        {
            var profile = await FindAsync(engine, parse.GetValue(profileArgument)!, cancellationToken);
            var published = await engine.SendAsync(new PublishProfile(profile.Id, profile.Version, parse.GetValue(yes)), cancellationToken);
            await engine.Output.WriteLineAsync($"Published {published.DisplayName}: {string.Join(", ", published.ScheduledJobs.Select(j => j.Name))}.");
            return 0;
        });

        return new Command("profiles", "direct integration profiles") { list, create, validate, publish };
    }

    public static async Task<ProfileView> FindAsync(CliEngine engine, string idOrName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(engine);
        if (Guid.TryParse(idOrName, out var id))
        {
            return await engine.QueryAsync(new GetProfile(id), cancellationToken);
        }

        var matches = (await engine.QueryAsync(new ListProfiles(), cancellationToken))
            .Where(p => string.Equals(p.DisplayName, idOrName.Trim(), StringComparison.OrdinalIgnoreCase))
            .ToList();
        return matches.Count == 1
            ? matches[0]
            : throw new RequestNotFoundException("Profile", "profile", $"There is no profile with the id or display name '{idOrName}'.");
    }
}
