using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using ProfileEngine.Audit;
using ProfileEngine.Connections;
using ProfileEngine.Connectors.Webex;
using ProfileEngine.Connectors.Webex.Models;
using ProfileEngine.Messaging;
using ProfileEngine.Persistence;

namespace ProfileEngine.Profiles;

/// <summary>
/// Validate Connection: runs the checks of the profile's Download and Activity processes against Webex, never the
/// Reclaim ones (they would need a write). Each check passes or fails with Webex's message; the result is stored on
/// the profile with what it validated, and is what Publish requires.
/// </summary>
public sealed record ValidateProfileConnection(Guid ProfileId) : ICommand<ProfileView>, IAuditedCommand;

public sealed class ValidateProfileConnectionHandler(
    ProfileEngineDbContext db,
    ConnectedWebexClients clients,
    VendorHostPolicy hosts,
    CurrentOperator currentOperator,
    TimeProvider clock,
    ILogger<ValidateProfileConnectionHandler> logger) : ICommandHandler<ValidateProfileConnection, ProfileView>
{
    public const string ConnectionProcess = "Connection";
    public const string DownloadProcess = "Download";
    public const string ActivityProcess = "Activity";

    public async ValueTask<ProfileView> Handle(ValidateProfileConnection command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var profile = await ProfileLookup.FindAsync(db, command.ProfileId, nameof(ValidateProfileConnection), cancellationToken);
        var alias = profile.ConnectionAlias!;
        var connection = await db.Connections.AsNoTracking().SingleOrDefaultAsync(c => c.AliasId == alias.Id, cancellationToken);
        var fingerprint = ProfileFingerprint.Of(profile, alias, connection);

        var checks = await RunChecksAsync(profile, alias, connection, cancellationToken);
        var passed = checks.All(c => c.Passed);
        profile.ValidatedAt = clock.GetUtcNow();
        profile.ValidatedBy = currentOperator.Name;
        profile.ValidationPassed = passed;
        profile.ValidationChecks = ProfileViews.SerializeChecks(checks);
        profile.ValidationFingerprint = fingerprint;
        profile.UpdatedAt = profile.ValidatedAt.Value;
        profile.Version++;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw ProfileLookup.ChangedMeanwhile(nameof(ValidateProfileConnection), profile);
        }

        logger.LogInformation(
            "Validate Connection of profile {Profile}: {Result} ({Failed} of {Count} checks failed)",
            profile.DisplayName, passed ? "passed" : "failed", checks.Count(c => !c.Passed), checks.Count);
        return await ProfileViews.LoadAsync(db, profile.Id, cancellationToken);
    }

    private async Task<IReadOnlyList<ConnectionCheck>> RunChecksAsync(
        IntegrationProfile profile, ConnectionAlias alias, Connection? connection, CancellationToken cancellationToken)
    {
        var checks = new List<ConnectionCheck>();
        var neededScopes = NeededScopes(profile, alias);
        var apiChecks = ApiCheckNames(profile, alias);

        // Without a usable connection nothing else can run; the remaining checks are listed as not run.
        var blocker = connection is null
            ? $"The alias '{alias.Name}' has no connection; set its details and run Connect."
            : hosts.Refusal(connection.BaseUrl) is { } refusal
                ? refusal
                : connection.Status != ConnectionStatus.Connected
                    ? $"The connection of '{alias.Name}' is {connection.Status}; an operator must run Connect."
                    : null;
        checks.Add(new ConnectionCheck(ConnectionProcess, "Allowed vendor host", connection is not null && hosts.Refusal(connection.BaseUrl) is null,
            connection is null ? $"The alias '{alias.Name}' has no connection." : hosts.Refusal(connection.BaseUrl) ?? $"{new Uri(connection.BaseUrl).Host} is allowed."));
        if (blocker is not null)
        {
            checks.Add(new ConnectionCheck(ConnectionProcess, "Token works", false, blocker));
            checks.AddRange(neededScopes.Select(s => new ConnectionCheck(s.Process, $"Scope {s.Scope}", false, $"Not checked: {blocker}")));
            checks.AddRange(apiChecks.Select(a => new ConnectionCheck(a.Process, a.Name, false, $"Not checked: {blocker}")));
            return checks;
        }

        WebexClient client;
        Person me;
        try
        {
            client = await clients.CreateAsync(alias.Name, cancellationToken);
            me = await client.GetPersonAsync("me", cancellationToken);
        }
        catch (Exception e) when (IsCheckFailure(e))
        {
            checks.Add(new ConnectionCheck(ConnectionProcess, "Token works", false, e.Message));
            checks.AddRange(neededScopes.Select(s => new ConnectionCheck(s.Process, $"Scope {s.Scope}", false, "Not checked: the token does not work.")));
            checks.AddRange(apiChecks.Select(a => new ConnectionCheck(a.Process, a.Name, false, "Not checked: the token does not work.")));
            return checks;
        }

        var sameOrg = string.Equals(me.OrgId, connection!.OrgId, StringComparison.Ordinal);
        checks.Add(new ConnectionCheck(ConnectionProcess, "Token works", sameOrg, sameOrg
            ? $"Signed in to Webex org {me.OrgId}."
            : $"The token now belongs to Webex org {me.OrgId}, not {connection.OrgId} it was connected to; run Connect again."));

        var granted = (connection.GrantedScopes ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
        checks.AddRange(neededScopes.Select(s => granted.Contains(s.Scope)
            ? new ConnectionCheck(s.Process, $"Scope {s.Scope}", true, "granted")
            : new ConnectionCheck(s.Process, $"Scope {s.Scope}", false, $"missing scope {s.Scope}; run Connect again and grant it")));

        var now = clock.GetUtcNow();
        checks.Add(await ProbeAsync(DownloadProcess, "Licenses readable", async () =>
        {
            var licenses = await client.ListLicensesAsync(cancellationToken: cancellationToken);
            return $"{licenses.Count} license(s) readable.";
        }));
        checks.Add(await ProbeAsync(DownloadProcess, "People readable", async () =>
        {
            await foreach (var person in client.ListPeopleAsync(new PeopleQuery { Max = 1 }, cancellationToken))
            {
                return "People are readable.";
            }

            return "People are readable (none in the org).";
        }));
        if (profile.DownloadActivity)
        {
            checks.Add(await ProbeAsync(ActivityProcess, "Compliance events readable (Compliance Officer)", async () =>
            {
                await foreach (var item in client.ListComplianceEventsAsync(new ComplianceEventQuery { From = now.AddDays(-1), To = now, Max = 1 }, cancellationToken))
                {
                    break;
                }

                return "Compliance events are readable.";
            }));
            checks.Add(await ProbeAsync(ActivityProcess, "Meeting usage reports readable", async () =>
            {
                // Hosting is read from each site's usage report (Webex has no org-wide meetings list).
                var sites = (await client.ListLicensesAsync(cancellationToken: cancellationToken))
                    .Select(l => l.SiteUrl).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase).ToList();
                if (sites.Count == 0)
                {
                    return "No license names a Webex site, so there is no usage report to read.";
                }

                await foreach (var item in client.ListMeetingUsageReportsAsync(new MeetingUsageQuery { SiteUrl = sites[0], From = now.AddDays(-1), To = now, Max = 1 }, cancellationToken))
                {
                    break;
                }

                return $"The usage report of {sites[0]} is readable{(sites.Count > 1 ? $" ({sites.Count} sites)" : string.Empty)}.";
            }));
            if (alias.UsesAdminAudit)
            {
                checks.Add(await ProbeAsync(ActivityProcess, "Admin audit events readable", async () =>
                {
                    await foreach (var item in client.ListAdminAuditEventsAsync(new AdminAuditEventQuery { OrgId = me.OrgId!, From = now.AddDays(-1), To = now, Max = 1 }, cancellationToken))
                    {
                        break;
                    }

                    return "Admin audit events are readable.";
                }));
            }
        }

        return checks;
    }

    /// <summary>The scopes of Download and (when on) Activity; Reclaim's are never checked.</summary>
    private static List<(string Process, string Scope)> NeededScopes(IntegrationProfile profile, ConnectionAlias alias)
    {
        var scopes = ParentAliases.DownloadScopes.Select(s => (DownloadProcess, s)).ToList();
        if (profile.DownloadActivity)
        {
            scopes.AddRange(ParentAliases.ActivityScopes.Select(s => (ActivityProcess, s)));
            if (alias.UsesAdminAudit)
            {
                scopes.AddRange(ParentAliases.AdminAuditScopes.Select(s => (ActivityProcess, s)));
            }
        }

        return scopes;
    }

    private static List<(string Process, string Name)> ApiCheckNames(IntegrationProfile profile, ConnectionAlias alias)
    {
        var names = new List<(string, string)> { (DownloadProcess, "Licenses readable"), (DownloadProcess, "People readable") };
        if (profile.DownloadActivity)
        {
            names.Add((ActivityProcess, "Compliance events readable (Compliance Officer)"));
            names.Add((ActivityProcess, "Meeting usage reports readable"));
            if (alias.UsesAdminAudit)
            {
                names.Add((ActivityProcess, "Admin audit events readable"));
            }
        }

        return names;
    }

    private static async Task<ConnectionCheck> ProbeAsync(string process, string name, Func<Task<string>> probe)
    {
        try
        {
            return new ConnectionCheck(process, name, true, await probe());
        }
        catch (Exception e) when (IsCheckFailure(e))
        {
            return new ConnectionCheck(process, name, false, e.Message);
        }
    }

    /// <summary>What Webex or the network said, already free of secrets; anything else is a bug and propagates.</summary>
    private static bool IsCheckFailure(Exception e) => e is WebexApiException or HttpRequestException or InvalidOperationException;
}
