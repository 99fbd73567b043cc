using Microsoft.EntityFrameworkCore;
using ProfileEngine.Connectors;
using ProfileEngine.Persistence;
using ProfileEngine.Profiles;
using ProfileEngine.Subscriptions;
using ProfileEngine.Workflows.Activities;

namespace ProfileEngine.Reclamation;

/// <summary>What a reclaim subflow's activities read about a candidate: its profile, subscription, product and the rule's threshold.</summary>
public sealed record ReclaimCandidate(RemovalCandidate Candidate, IntegrationProfile Profile, SoftwareSubscription? Subscription, string? Product, int ThresholdDays)
{
    public string AliasName => Profile.ConnectionAlias?.Name ?? throw new InvalidOperationException($"Profile '{Profile.DisplayName}' has no connection alias.");

    /// <summary>Null when the candidate or its profile is gone.</summary>
    public static async Task<ReclaimCandidate?> LoadAsync(IDbContextFactory<ProfileEngineDbContext> databases, long candidateId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(databases);
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
        return new ReclaimCandidate(candidate, profile, subscription, product, threshold ?? ReclamationRule.DefaultThresholdDays);
    }
}

/// <summary>The outcome of a check before removal: null action means the check passed.</summary>
public sealed record RecheckResult(CandidateAction? Action, string? Reason, DateTimeOffset? Seen)
{
    public static RecheckResult Passed { get; } = new(null, null, null);
}

/// <summary>
/// The vendor-neutral steps of every connector's reclaim subflow: claim the candidate for this run, the local checks
/// (subscription still there, exclusions as they are now, newer activity, the rule as it is now), closing the
/// candidate instead of removing, and recording the outcome (Closed Complete with savings, or Attention Required
/// with the vendor's message). Each writes in the activity's checkpoint transaction.
/// </summary>
public static class ReclaimSteps
{
    /// <summary>
    /// The whole re-check before a removal: claim the candidate for this run, the engine's checks, then the vendor's
    /// (<paramref name="vendorCheck"/>); a failed check closes the candidate, a vendor that cannot be asked moves it to
    /// Attention Required. True when the removal may go ahead.
    /// </summary>
    /// <param name="vendorName">How messages name the vendor ("Webex", "the SCIM application").</param>
    /// <param name="describe">The vendor's refusal in words for the candidate (its message when null).</param>
    public static async Task<bool> RecheckAsync(
        ActivityContext context,
        IDbContextFactory<ProfileEngineDbContext> databases,
        long id,
        string vendorName,
        Func<ReclaimCandidate, DateTimeOffset, CancellationToken, Task<RecheckResult>> vendorCheck,
        Func<VendorCallException, string>? describe,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(vendorCheck);
        if (!await ClaimAsync(context, id, cancellationToken))
        {
            return false;
        }

        var target = await ReclaimCandidate.LoadAsync(databases, id, cancellationToken)
            ?? throw new InvalidOperationException($"{RemovalCandidate.FormatNumber(id)} or its profile is gone.");
        var now = context.Clock.GetUtcNow();
        var check = await LocalCheckAsync(databases, target, vendorName, now, cancellationToken);
        if (check.Action is null)
        {
            try
            {
                check = await vendorCheck(target, now, cancellationToken);
            }
            catch (VendorCallException e)
            {
                var message = $"the re-check before removal could not read {vendorName}: {describe?.Invoke(e) ?? e.Message}";
                await context.SaveCheckpointAsync<ProfileEngineDbContext>(null, (db, ct) => RecordFailedAsync(db, id, message, e.TrackingId, now, ct), cancellationToken);
                return false;
            }
        }

        if (check.Action is null)
        {
            context.Log($"{target.Candidate.Number}: re-check passed.");
            return true;
        }

        await CloseAsync(context, id, check, now, cancellationToken);
        context.Log($"{target.Candidate.Number}: {check.Reason}");
        return false;
    }

    /// <summary>Whether this run owns the candidate's reclaim (it claimed it in the re-check and it is still Awaiting Revocation).</summary>
    public static bool OwnedBy(ReclaimCandidate? target, ActivityContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return target is { Candidate.State: CandidateState.AwaitingRevocation } && target.Candidate.ReclaimingInstanceId == context.InstanceId;
    }

    /// <summary>Commits the intent to remove (its time and the attempt count) before the vendor is called.</summary>
    public static Task SaveIntentAsync(ActivityContext context, RemovalCandidate candidate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(candidate);
        var attempt = candidate.ReclaimAttempts + 1;
        return context.SaveCheckpointAsync<ProfileEngineDbContext>(new System.Text.Json.Nodes.JsonObject { ["intentAttempt"] = attempt }, async (db, ct) =>
        {
            var tracked = await CandidateStep.LoadAsync(db, candidate.Id, ct);
            tracked.ReclaimIntentAt = context.Clock.GetUtcNow();
            tracked.ReclaimAttempts = attempt;
            tracked.Version++;
        }, cancellationToken);
    }

    /// <summary>Records the reclaim (Closed Complete with savings) and logs it; returns <paramref name="outcome"/>.</summary>
    public static async Task<ActivityResult> ReclaimedAsync(ActivityContext context, long id, string note, string outcome, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        await context.SaveCheckpointAsync<ProfileEngineDbContext>(null, (db, ct) => RecordReclaimedAsync(db, id, note, context.Clock.GetUtcNow(), ct), cancellationToken);
        context.Log($"{RemovalCandidate.FormatNumber(id)}: {note}");
        return ActivityResult.Outcome(outcome);
    }

    /// <summary>Records a failed removal (Attention Required with the vendor's message) and logs it; returns <paramref name="outcome"/>.</summary>
    public static async Task<ActivityResult> FailedAsync(ActivityContext context, long id, string message, string? trackingId, string outcome, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        await context.SaveCheckpointAsync<ProfileEngineDbContext>(null, (db, ct) => RecordFailedAsync(db, id, message, trackingId, context.Clock.GetUtcNow(), ct), cancellationToken);
        context.Log($"{RemovalCandidate.FormatNumber(id)}: reclaim failed: {message}");
        return ActivityResult.Outcome(outcome);
    }

    /// <summary>Takes ownership of the candidate's reclaim; false when it is not Awaiting Revocation or another run owns it.</summary>
    public static async Task<bool> ClaimAsync(ActivityContext context, long id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var claimed = false;
        await context.SaveCheckpointAsync<ProfileEngineDbContext>(null, async (db, ct) =>
        {
            var candidate = await CandidateStep.LoadAsync(db, id, ct);
            if (candidate.State != CandidateState.AwaitingRevocation)
            {
                context.Log($"{candidate.Number} is {CandidateLifecycle.Describe(candidate.State)}; nothing to reclaim.");
                return;
            }

            if (candidate.ReclaimingInstanceId is { } owner && owner != context.InstanceId)
            {
                context.Log($"{candidate.Number} is being reclaimed by run {owner}; this run stops.");
                return;
            }

            candidate.ReclaimingInstanceId = context.InstanceId;
            candidate.Version++;
            claimed = true;
        }, cancellationToken);
        return claimed;
    }

    /// <summary>The checks that need no vendor call: the subscription, exclusions, newer activity and the rule as it is now.</summary>
    public static async Task<RecheckResult> LocalCheckAsync(
        IDbContextFactory<ProfileEngineDbContext> databases, ReclaimCandidate target, string vendor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(databases);
        ArgumentNullException.ThrowIfNull(target);
        var candidate = target.Candidate;
        if (target.Subscription is not { Active: true } subscription)
        {
            return new(CandidateAction.SubscriptionGone, $"The subscription is gone from {vendor} already; nothing to remove.", null);
        }

        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        // Exclusion lists are short; compared here, without regard to case, as the download compares them.
        var upn = subscription.UserPrincipalName;
        var userExcluded = upn is not null && (await db.UserExclusions.AsNoTracking().Where(u => u.Active).ToListAsync(cancellationToken))
            .Any(u => u.AppliesAt(now) && string.Equals(u.UserPrincipalName, upn, StringComparison.OrdinalIgnoreCase));
        var identifierExcluded = (await db.SubscriptionIdentifierExclusions.AsNoTracking()
                .Where(r => r.Active && r.ProfileType == target.Profile.ProfileType).Select(r => r.Identifier).ToListAsync(cancellationToken))
            .Contains(subscription.Identifier, StringComparer.OrdinalIgnoreCase);
        if (subscription.Excluded || userExcluded || identifierExcluded)
        {
            return new(CandidateAction.RecheckFailed, "Closed Skipped: the user or the subscription is excluded by an exclusion rule; nothing was removed.", null);
        }

        if (subscription.LastActivity is { } last && (candidate.LastActivity is null || last > candidate.LastActivity) && last > now.AddDays(-target.ThresholdDays))
        {
            return new(CandidateAction.ActivityDetected, $"Closed Canceled: meaningful activity on {last:yyyy-MM-dd HH:mm} UTC; the license is in use.", last);
        }

        // The rule as it is now (its threshold may have been raised since the candidate opened) must still select it,
        // where the product's activity is known at all (a candidate from before coverage was kept is not closed for that).
        var created = subscription.ExternalCreated ?? subscription.FirstSeenAt;
        if (candidate.ModelId is { } model && await CandidateSelection.ForModelAsync(db, target.Profile.Id, model, now, cancellationToken) is { Coverage: not null } selection
            && !selection.Selects(subscription.LastActivity, created))
        {
            return new(CandidateAction.RuleNoLongerSelects, OpenCandidateReview.WhyNotSelected(selection, subscription.LastActivity, created, now) + " Nothing was removed.", null);
        }

        return RecheckResult.Passed;
    }

    /// <summary>Closes the candidate for a failed check (or records it reclaimed when the vendor shows it removed already).</summary>
    public static Task CloseAsync(ActivityContext context, long id, RecheckResult result, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(result);
        var action = result.Action ?? throw new ArgumentException("A passed check closes nothing.", nameof(result));
        return context.SaveCheckpointAsync<ProfileEngineDbContext>(null, async (db, ct) =>
        {
            if (action == CandidateAction.ReclaimSucceeded)
            {
                await RecordReclaimedAsync(db, id, result.Reason!, now, ct);
                return;
            }

            var candidate = await CandidateStep.LoadAsync(db, id, ct);
            CandidateChanges.Apply(db, candidate, action, CandidateChanges.SystemActor, result.Reason, now);
            candidate.ReclaimingInstanceId = null;
            if (result.Seen is { } activity)
            {
                // The closed candidate shows the activity that closed it.
                candidate.LastActivity = activity;
                candidate.InactiveDays = Math.Max(0, (int)(now - activity).TotalDays);
            }
        }, cancellationToken);
    }

    /// <summary>Records the reclaim: the candidate closes complete with its savings, the subscription is marked reclaimed.</summary>
    public static async Task RecordReclaimedAsync(DbContext db, long candidateId, string note, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
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
    public static async Task RecordFailedAsync(DbContext db, long candidateId, string message, string? trackingId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(message);
        var candidate = await CandidateStep.LoadAsync(db, candidateId, cancellationToken);
        var text = message.Length > 1900 ? message[..1900] : message;
        CandidateChanges.Apply(db, candidate, CandidateAction.ReclaimFailed, CandidateChanges.SystemActor,
            $"Reclaim failed: {text}{(trackingId is null ? "" : $" (trackingId {trackingId})")}", now);
        candidate.VendorMessage = text;
        candidate.VendorTrackingId = trackingId;
        candidate.ReclaimingInstanceId = null;
    }
}
