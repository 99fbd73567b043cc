using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ProfileEngine.Connections;
using ProfileEngine.Persistence;
using ProfileEngine.Scheduling;

namespace ProfileEngine.Profiles;

/// <summary>One check of Validate Connection: which process it serves, what was checked, and what the vendor said.</summary>
public sealed record ConnectionCheck(string Process, string Name, bool Passed, string Message);

public sealed record SubflowBindings(string Download, string Activity, string Reclaim);

/// <summary>
/// The last Validate Connection. <see cref="IsCurrent"/> is false once the configuration it checked changed (alias,
/// processes, connection) or the profile went back to Draft: Publish then needs a new validation.
/// </summary>
public sealed record ValidationView(DateTimeOffset ValidatedAt, string? ValidatedBy, bool Passed, bool IsCurrent, IReadOnlyList<ConnectionCheck> Checks);

public sealed record ProfileJobView(string Name, string Process, string Cron, string TimeZone, DateTimeOffset? LastRunRequestedAt, string? LastRunRequestedBy);

public sealed record JobRunView(
    Guid Id, string JobName, string Process, string FiredBy, string WorkflowDefinitionId, string? WorkflowInstanceId,
    DateTimeOffset StartedAt, DateTimeOffset? EndedAt, string Outcome, string? Counts, string? Error)
{
    public static JobRunView From(ScheduledJobResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new(result.Id, result.JobName, result.Process.ToString(), result.FiredBy, result.WorkflowDefinitionId, result.WorkflowInstanceId,
            result.StartedAt, result.EndedAt, result.Outcome.ToString(), result.Counts, result.Error);
    }
}

/// <summary>
/// What operators see of a profile: its fields, the connection alias and the scopes its processes need, the last
/// validation, the scheduled jobs, and the last run with its error (a failed run shows here, as in ServiceNow).
/// </summary>
public sealed record ProfileView(
    Guid Id,
    string DisplayName,
    string ProfileType,
    string Status,
    bool DownloadSubscriptions,
    bool DownloadActivity,
    bool ReclaimSubscriptions,
    DateTimeOffset? AnalyzeUserActivityFrom,
    string ConnectionAlias,
    IReadOnlyList<string> RequiredScopes,
    SubflowBindings Subflows,
    IReadOnlyDictionary<string, string> ConnectorSettings,
    ValidationView? LastValidation,
    DateTimeOffset? PublishedAt,
    string? PublishedBy,
    IReadOnlyList<ProfileJobView> ScheduledJobs,
    JobRunView? LastRun,
    string? LastError,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    DateTimeOffset UpdatedAt,
    int Version);

/// <summary>Builds <see cref="ProfileView"/>s from the database.</summary>
public static class ProfileViews
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string SerializeChecks(IReadOnlyList<ConnectionCheck> checks) => JsonSerializer.Serialize(checks, Json);

    public static IReadOnlyList<ConnectionCheck> DeserializeChecks(string? json) =>
        json is null ? [] : JsonSerializer.Deserialize<List<ConnectionCheck>>(json, Json) ?? [];

    public static async Task<ProfileView> LoadAsync(ProfileEngineDbContext db, Guid profileId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var profile = await db.IntegrationProfiles.AsNoTracking()
            .Include(p => p.ConnectionAlias).ThenInclude(a => a!.ParentAlias)
            .SingleAsync(p => p.Id == profileId, cancellationToken);
        return (await BuildAsync(db, [profile], cancellationToken)).Single();
    }

    public static async Task<IReadOnlyList<ProfileView>> BuildAsync(ProfileEngineDbContext db, IReadOnlyList<IntegrationProfile> profiles, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(profiles);
        var ids = profiles.Select(p => p.Id).ToList();
        var aliasIds = profiles.Select(p => p.ConnectionAliasId).Distinct().ToList();
        var connections = await db.Connections.AsNoTracking().Where(c => aliasIds.Contains(c.AliasId)).ToDictionaryAsync(c => c.AliasId, cancellationToken);
        var jobs = (await db.ProfileJobs.AsNoTracking().Where(j => ids.Contains(j.ProfileId)).ToListAsync(cancellationToken))
            .ToLookup(j => j.ProfileId);
        var lastRuns = new Dictionary<Guid, ScheduledJobResult>();
        foreach (var id in ids)
        {
            var last = await db.ScheduledJobResults.AsNoTracking()
                .Where(r => r.ProfileId == id).OrderByDescending(r => r.StartedAt).ThenByDescending(r => r.Id).FirstOrDefaultAsync(cancellationToken);
            if (last is not null)
            {
                lastRuns[id] = last;
            }
        }

        return [.. profiles.Select(p => Build(p, connections.GetValueOrDefault(p.ConnectionAliasId), jobs[p.Id], lastRuns.GetValueOrDefault(p.Id)))];
    }

    private static ProfileView Build(IntegrationProfile profile, Connection? connection, IEnumerable<ProfileJob> jobs, ScheduledJobResult? lastRun)
    {
        var alias = profile.ConnectionAlias ?? throw new InvalidOperationException("Load the profile with its connection alias.");
        ValidationView? validation = null;
        if (profile.ValidatedAt is { } validatedAt)
        {
            var current = profile.ValidationPassed == true
                && profile.ValidationFingerprint is not null
                && profile.ValidationFingerprint == ProfileFingerprint.Of(profile, alias, connection);
            validation = new ValidationView(validatedAt, profile.ValidatedBy, profile.ValidationPassed == true, current, DeserializeChecks(profile.ValidationChecks));
        }

        return new ProfileView(
            profile.Id,
            profile.DisplayName,
            profile.ProfileType,
            profile.Status.ToString(),
            profile.DownloadSubscriptions,
            profile.DownloadActivity,
            profile.ReclaimSubscriptions,
            profile.AnalyzeUserActivityFrom,
            alias.Name,
            alias.RequiredScopeList,
            new SubflowBindings(profile.DownloadSubflow, profile.ActivitySubflow, profile.ReclaimSubflow),
            Profiles.ConnectorSettings.Read(profile.ConnectorSettings),
            validation,
            profile.PublishedAt,
            profile.PublishedBy,
            [.. jobs.OrderBy(j => j.Process).Select(j => new ProfileJobView(j.Name, j.Process.ToString(), j.Cron, j.TimeZone, j.LastRunRequestedAt, j.LastRunRequestedBy))],
            lastRun is null ? null : JobRunView.From(lastRun),
            lastRun?.Outcome == JobOutcome.Failed ? lastRun.Error : null,
            profile.CreatedAt,
            profile.CreatedBy,
            profile.UpdatedAt,
            profile.Version);
    }
}
