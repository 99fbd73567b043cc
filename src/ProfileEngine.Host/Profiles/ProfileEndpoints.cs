using ProfileEngine.UserActivity;
using Mediator;
using ProfileEngine.Host.Users;
using ProfileEngine.Messaging;
using ProfileEngine.Profiles;
using ProfileEngine.Scheduling;

namespace ProfileEngine.Host.Profiles;

/// <summary>
/// Integration profiles over REST: list, create, read, update (with the version read), validate connection, publish
/// (with confirmation), delete, run a job now, and the job results. Refusals are RFC 7807 problem details naming
/// the field: 400 for bad input, 404 for an unknown profile, 409 for a stale version.
/// </summary>
public static class ProfileEndpoints
{
    public static IEndpointRouteBuilder MapProfilesApi(this IEndpointRouteBuilder app)
    {
        var profiles = app.MapGroup("/profiles")
            .RequireAuthorization(Policies.Read)
            .WithTags("Profiles");

        profiles.MapGet("/", async (string? status, int? skip, int? take, ISender sender, CancellationToken cancellationToken) =>
        {
            ProfileStatus? filter = null;
            if (status is not null)
            {
                if (!Enum.TryParse<ProfileStatus>(status, ignoreCase: true, out var parsed))
                {
                    throw new RequestValidationException(nameof(ListProfiles), nameof(status), $"status must be Draft or Published, not '{status}'.");
                }

                filter = parsed;
            }

            return Results.Ok(await sender.Send(new ListProfiles(filter, skip ?? 0, take ?? 1000), cancellationToken));
        });

        profiles.MapPost("/", async (CreateProfileBody body, ISender sender, CancellationToken cancellationToken) =>
        {
            var created = await sender.Send(body.ToCommand(), cancellationToken);
            return Results.Created($"/profiles/{created.Id}", created);
        }).RequireAuthorization(Policies.Admin);

        profiles.MapGet("/{id:guid}", async (Guid id, ISender sender, CancellationToken cancellationToken) =>
            Results.Ok(await sender.Send(new GetProfile(id), cancellationToken)));

        profiles.MapPut("/{id:guid}", async (Guid id, UpdateProfileBody body, ISender sender, CancellationToken cancellationToken) =>
            Results.Ok(await sender.Send(body.ToCommand(id), cancellationToken))).RequireAuthorization(Policies.Admin);

        profiles.MapPost("/{id:guid}/validate", async (Guid id, ISender sender, CancellationToken cancellationToken) =>
            Results.Ok(await sender.Send(new ValidateProfileConnection(id), cancellationToken))).RequireAuthorization(Policies.Operator);

        profiles.MapPost("/{id:guid}/publish", async (Guid id, PublishBody body, ISender sender, CancellationToken cancellationToken) =>
            Results.Ok(await sender.Send(new PublishProfile(id, body.Version, body.Confirm), cancellationToken))).RequireAuthorization(Policies.Operator);

        profiles.MapDelete("/{id:guid}", async (Guid id, int? version, ISender sender, CancellationToken cancellationToken) =>
        {
            if (version is not { } read)
            {
                throw new RequestValidationException(nameof(DeleteProfile), "Version", "version is required: the version of the profile you read (?version=N).");
            }

            return Results.Ok(await sender.Send(new DeleteProfile(id, read), cancellationToken));
        }).RequireAuthorization(Policies.Admin);

        profiles.MapPost("/{id:guid}/jobs/{process}/run", async (Guid id, string process, ISender sender, CancellationToken cancellationToken) =>
        {
            if (!Enum.TryParse<ProfileProcess>(process, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
            {
                throw new RequestValidationException(nameof(RunProfileJobNow), "Process", $"process must be Subscriptions or Activity, not '{process}'.");
            }

            var accepted = await sender.Send(new RunProfileJobNow(id, parsed), cancellationToken);
            return Results.Accepted($"/profiles/{id}/job-results", accepted);
        }).RequireAuthorization(Policies.Operator);

        profiles.MapGet("/{id:guid}/job-results", async (Guid id, int? skip, int? take, ISender sender, CancellationToken cancellationToken) =>
            Results.Ok(await sender.Send(new ListJobResults(id, skip ?? 0, take ?? 50), cancellationToken)));

        profiles.MapGet("/{id:guid}/activity-coverage", async (Guid id, ISender sender, CancellationToken cancellationToken) =>
            Results.Ok(await sender.Send(new GetActivityCoverage(id), cancellationToken)));
        return app;
    }

    /// <summary>
    /// A new profile; left-out check boxes start as ServiceNow's do (all on). <see cref="ProfileType"/> picks the
    /// connector (default: the first registered); <see cref="ConnectorSettings"/> are that connector's settings.
    /// </summary>
    public sealed record CreateProfileBody(
        string DisplayName,
        bool? DownloadSubscriptions,
        bool? DownloadActivity,
        bool? ReclaimSubscriptions,
        DateTimeOffset? AnalyzeUserActivityFrom,
        string? ConnectionAlias,
        string? DownloadSubflow,
        string? ActivitySubflow,
        string? ReclaimSubflow,
        string? ProfileType = null,
        Dictionary<string, string>? ConnectorSettings = null)
    {
        public CreateProfile ToCommand() => new(
            DisplayName, DownloadSubscriptions ?? true, DownloadActivity ?? true, ReclaimSubscriptions ?? true,
            AnalyzeUserActivityFrom, ConnectionAlias, DownloadSubflow, ActivitySubflow, ReclaimSubflow, ProfileType, ConnectorSettings);
    }

    /// <summary>All of a profile's fields as they should be, with the version they were read at.</summary>
    public sealed record UpdateProfileBody(
        int Version,
        string DisplayName,
        bool? DownloadSubscriptions,
        bool DownloadActivity,
        bool ReclaimSubscriptions,
        DateTimeOffset? AnalyzeUserActivityFrom,
        string? ConnectionAlias,
        string? DownloadSubflow,
        string? ActivitySubflow,
        string? ReclaimSubflow,
        Dictionary<string, string>? ConnectorSettings = null)
    {
        public UpdateProfile ToCommand(Guid id) => new(
            id, Version, DisplayName, DownloadSubscriptions ?? true, DownloadActivity, ReclaimSubscriptions,
            AnalyzeUserActivityFrom, ConnectionAlias, DownloadSubflow, ActivitySubflow, ReclaimSubflow, ConnectorSettings);
    }

    public sealed record PublishBody(int Version, bool Confirm);
}
