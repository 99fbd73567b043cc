using Microsoft.EntityFrameworkCore;
using ProfileEngine.Connections;
using ProfileEngine.Connectors.Webex;
using ProfileEngine.Persistence;
using ProfileEngine.Profiles;
using ProfileEngine.Subscriptions;
using ProfileEngine.Reclamation;
using ProfileEngine.Connectors.Webex.Connections;

namespace ProfileEngine.Connectors.Webex.Reclamation;

/// <summary>What the Reclaim subflow's activities read about a candidate: its profile, subscription, product and a client.</summary>
internal sealed record ReclaimTarget(RemovalCandidate Candidate, IntegrationProfile Profile, SoftwareSubscription? Subscription, string? Product, int ThresholdDays)
{
    public static async Task<ReclaimTarget?> LoadAsync(IDbContextFactory<ProfileEngineDbContext> databases, long candidateId, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var candidate = await db.RemovalCandidates.AsNoTracking().SingleOrDefaultAsync(c => c.Id == candidateId, cancellationToken);
        if (candidate is null)
        {
            return null;
        }

        var profile = await db.IntegrationProfiles.AsNoTracking().Include(p => p.ConnectionAlias).SingleOrDefaultAsync(p => p.Id == candidate.ProfileId, cancellationToken);
        if (profile is null)
        {
            return null;
        }

        var subscription = candidate.SubscriptionId is { } id ? await db.SoftwareSubscriptions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, cancellationToken) : null;
        var product = candidate.ModelId is { } model ? await db.SoftwareModels.Where(m => m.Id == model).Select(m => m.Product).SingleOrDefaultAsync(cancellationToken) : null;
        var threshold = candidate.RuleId is { } rule
            ? await db.ReclamationRules.Where(r => r.Id == rule).Select(r => (int?)r.LastActivityThresholdDays).SingleOrDefaultAsync(cancellationToken)
            : null;
        return new ReclaimTarget(candidate, profile, subscription, product, threshold ?? ReclamationRule.DefaultThresholdDays);
    }

    public Task<WebexClient> ClientAsync(ConnectedWebexClients clients, CancellationToken cancellationToken) =>
        clients.CreateAsync(Profile.ConnectionAlias?.Name ?? throw new InvalidOperationException($"Profile '{Profile.DisplayName}' has no connection alias."), cancellationToken);

    /// <summary>Records the reclaim: the candidate closes complete with its savings, the subscription is marked reclaimed.</summary>
    public static async Task RecordReclaimedAsync(Microsoft.EntityFrameworkCore.DbContext db, long candidateId, string note, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var candidate = await CandidateStep.LoadAsync(db, candidateId, cancellationToken);
        CandidateChanges.Apply(db, candidate, CandidateAction.ReclaimSucceeded, CandidateChanges.SystemActor, note, now);
        candidate.ActualSavings = candidate.PotentialSavings;
        candidate.ReclaimingInstanceId = null;
        candidate.VendorMessage = null;
        if (candidate.SubscriptionId is { } id && await db.Set<SoftwareSubscription>().SingleOrDefaultAsync(s => s.Id == id, cancellationToken) is { } subscription)
        {
            subscription.Active = false;
            subscription.DeactivatedAt ??= now;
            subscription.ReclaimedAt = now;
            subscription.UpdatedAt = now;
        }
    }

    /// <summary>Moves the candidate to Attention Required with the vendor's message; Resume Reclaim retries it.</summary>
    public static async Task RecordFailedAsync(Microsoft.EntityFrameworkCore.DbContext db, long candidateId, string message, string? trackingId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var candidate = await CandidateStep.LoadAsync(db, candidateId, cancellationToken);
        var text = message.Length > 1900 ? message[..1900] : message;
        CandidateChanges.Apply(db, candidate, CandidateAction.ReclaimFailed, CandidateChanges.SystemActor,
            $"Reclaim failed: {text}{(trackingId is null ? "" : $" (trackingId {trackingId})")}", now);
        candidate.VendorMessage = text;
        candidate.VendorTrackingId = trackingId;
        candidate.ReclaimingInstanceId = null;
    }

    public static string Describe(WebexApiException e)
    {
        var errors = string.Join("; ", e.Errors.Select(d => d.ErrorCode is { } code ? $"{code}: {d.Description}" : d.Description).Where(t => !string.IsNullOrWhiteSpace(t)));
        return $"Webex answered {(int?)e.StatusCode} to {e.Method} {e.Path}: {e.VendorMessage ?? e.Message}{(errors.Length == 0 ? "" : $" ({errors})")}";
    }
}
