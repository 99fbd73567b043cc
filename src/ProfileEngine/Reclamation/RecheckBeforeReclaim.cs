using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using ProfileEngine.Activity;
using ProfileEngine.Connections;
using ProfileEngine.Connectors.Webex;
using ProfileEngine.Connectors.Webex.Models;
using ProfileEngine.Persistence;
using ProfileEngine.Subscriptions;
using ProfileEngine.Workflows.Activities;

namespace ProfileEngine.Reclamation;

/// <summary>
/// The checks right before the vendor call: the candidate is still Awaiting Revocation and this run owns it; the
/// subscription still exists and is not excluded (rules re-read now); the person still holds the license at Webex;
/// and no meaningful activity newer than the candidate's shows in the person's compliance events, meetings hosted and
/// (for Training, Events and Support) the site's usage report since the last activity sync. A failed check closes the candidate instead of removing anything.
/// </summary>
[Activity("ProfileEngine.Webex.RecheckBeforeReclaim", Outcomes = [ProceedOutcome, CandidateStep.ClosedOutcome],
    Description = "Re-checks assignment, exclusions and recent activity right before a Webex license is removed.")]
public sealed class RecheckBeforeReclaim(IDbContextFactory<ProfileEngineDbContext> databases, ConnectedWebexClients clients) : WorkflowActivity
{
    public const string ProceedOutcome = "Proceed";

    [Input(Required = true, Description = "The removal candidate's id.")]
    public Input<long> CandidateId { get; } = new();

    [Input(Description = "What counts as meaningful activity, per product (as in the activity subflow).")]
    public Input<JsonNode> Rules { get; } = new();

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var id = CandidateId.Get();
        if (!await ClaimAsync(context, id, cancellationToken))
        {
            return ActivityResult.Outcome(CandidateStep.ClosedOutcome);
        }

        var target = await ReclaimTarget.LoadAsync(databases, id, cancellationToken)
            ?? throw new InvalidOperationException($"{RemovalCandidate.FormatNumber(id)} or its profile is gone.");
        var now = context.Clock.GetUtcNow();
        var (action, reason) = await LocalCheckAsync(target, now, cancellationToken);
        if (action is null)
        {
            try
            {
                (action, reason) = await VendorCheckAsync(target, now, cancellationToken);
            }
            catch (WebexApiException e)
            {
                await context.SaveCheckpointAsync(null, (db, ct) =>
                    ReclaimTarget.RecordFailedAsync(db, id, "the re-check before removal could not read Webex: " + ReclaimTarget.Describe(e), e.TrackingId, now, ct), cancellationToken);
                return ActivityResult.Outcome(CandidateStep.ClosedOutcome);
            }
        }

        if (action is null)
        {
            context.Log($"{target.Candidate.Number}: re-check passed.");
            return ActivityResult.Outcome(ProceedOutcome);
        }

        await context.SaveCheckpointAsync(null, async (db, ct) =>
        {
            if (action == CandidateAction.ReclaimSucceeded)
            {
                await ReclaimTarget.RecordReclaimedAsync(db, id, reason!, now, ct);
                return;
            }

            var candidate = await CandidateStep.LoadAsync(db, id, ct);
            CandidateChanges.Apply(db, candidate, action.Value, CandidateChanges.SystemActor, reason, now);
            candidate.ReclaimingInstanceId = null;
        }, cancellationToken);
        context.Log($"{target.Candidate.Number}: {reason}");
        return ActivityResult.Outcome(CandidateStep.ClosedOutcome);
    }

    /// <summary>Takes ownership of the candidate's reclaim; false when it is not Awaiting Revocation or another run owns it.</summary>
    private static async Task<bool> ClaimAsync(ActivityContext context, long id, CancellationToken cancellationToken)
    {
        var claimed = false;
        await context.SaveCheckpointAsync(null, async (db, ct) =>
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

    private async Task<(CandidateAction? Action, string? Reason)> LocalCheckAsync(ReclaimTarget target, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var candidate = target.Candidate;
        if (target.Subscription is not { Active: true } subscription)
        {
            return (CandidateAction.SubscriptionGone, "The subscription is gone from Webex already; nothing to remove.");
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
            return (CandidateAction.RecheckFailed, "Closed Skipped: the user or the subscription is excluded by an exclusion rule; nothing was removed.");
        }

        if (subscription.LastActivity is { } last && (candidate.LastActivity is null || last > candidate.LastActivity) && last > now.AddDays(-target.ThresholdDays))
        {
            return (CandidateAction.ActivityDetected, $"Closed Canceled: meaningful activity on {last:yyyy-MM-dd HH:mm} UTC; the license is in use.");
        }

        return (null, null);
    }

    private async Task<(CandidateAction? Action, string? Reason)> VendorCheckAsync(ReclaimTarget target, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var candidate = target.Candidate;
        var client = await target.ClientAsync(clients, cancellationToken);
        Connectors.Webex.Models.Person person;
        try
        {
            person = await client.GetPersonAsync(candidate.ExternalUserId, cancellationToken);
        }
        catch (WebexApiException e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return (CandidateAction.SubscriptionGone, "The person no longer exists at Webex; nothing to remove.");
        }

        if (!person.Licenses.Contains(candidate.Identifier, StringComparer.Ordinal))
        {
            return candidate.ReclaimIntentAt is not null
                ? (CandidateAction.ReclaimSucceeded, "The license was removed by the previous attempt (Webex no longer lists it); recorded as reclaimed without calling again.")
                : (CandidateAction.RecheckFailed, "Closed Skipped: Webex no longer lists the license on the person (removed elsewhere); nothing was removed.");
        }

        if (target.Product is null || !target.Profile.DownloadActivity)
        {
            return (null, null);
        }

        var rules = MeaningfulActivityRules.Parse(Rules.Value);
        var since = await SinceAsync(target, now, cancellationToken);
        if (rules.ReadsEvents)
        {
            await foreach (var item in client.ListComplianceEventsAsync(new() { ActorId = person.Id, From = since, To = now, Max = 1000 }, cancellationToken))
            {
                if (item.Created is var at && at > since && rules.ProductsOf(item).Contains(target.Product))
                {
                    return (CandidateAction.ActivityDetected, $"Closed Canceled: {item.Resource} {item.Type} by the holder on {at:yyyy-MM-dd HH:mm} UTC; the license is in use.");
                }
            }
        }

        if (rules.ReadsMeetings && rules.HostingProducts.Contains(target.Product) && person.PrimaryEmail is { } email)
        {
            await foreach (var meeting in client.ListMeetingsAsync(new() { From = since, To = now, HostEmail = email, Max = 100 }, cancellationToken))
            {
                if ((meeting.Start ?? meeting.End) is { } held && held > since && held <= now)
                {
                    return (CandidateAction.ActivityDetected, $"Closed Canceled: the holder hosted a meeting on {held:yyyy-MM-dd HH:mm} UTC; the license is in use.");
                }
            }
        }

        foreach (var (serviceType, products) in rules.ReportHostingProducts)
        {
            if (!products.Contains(target.Product) || person.PrimaryEmail is not { } host || await SiteOfAsync(target, cancellationToken) is not { } site)
            {
                continue;
            }

            // The usage report spans at most 30 days per request; the most recent 30 are what matters here.
            var query = new MeetingUsageQuery { SiteUrl = site, ServiceType = serviceType, From = since < now.AddDays(-30) ? now.AddDays(-30) : since, To = now, Max = WebexClient.MaxMeetingUsagePageSize };
            await foreach (var session in client.ListMeetingUsageReportsAsync(query, cancellationToken))
            {
                if (string.Equals(session.HostEmail, host, StringComparison.OrdinalIgnoreCase) && (session.Start ?? session.End) is { } held && held > since)
                {
                    return (CandidateAction.ActivityDetected, $"Closed Canceled: the holder hosted a {serviceType} session on {held:yyyy-MM-dd HH:mm} UTC; the license is in use.");
                }
            }
        }

        return (null, null);
    }

    private async Task<string?> SiteOfAsync(ReclaimTarget target, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await db.ProfileLicenses.AsNoTracking().Where(l => l.ProfileId == target.Profile.Id && l.Identifier == target.Candidate.Identifier)
            .Select(l => l.SiteUrl).FirstOrDefaultAsync(cancellationToken);
    }

    // From the last activity sync (the events watermark, an hour earlier for late events) or, without one, the
    // last activity the candidate saw; never more than the threshold back.
    private async Task<DateTimeOffset> SinceAsync(ReclaimTarget target, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var stream = "activity-" + MeaningfulActivityRules.EventsStream;
        var watermark = await db.SyncWatermarks.AsNoTracking().Where(w => w.ProfileId == target.Profile.Id && w.Stream == stream)
            .Select(w => (DateTimeOffset?)w.Value).SingleOrDefaultAsync(cancellationToken);
        var since = (watermark?.AddHours(-1)) ?? target.Candidate.LastActivity ?? target.Candidate.OpenedAt;
        var floor = now.AddDays(-target.ThresholdDays);
        return since < floor ? floor : since;
    }
}
