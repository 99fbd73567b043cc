using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using ProfileEngine.UserActivity;
using ProfileEngine.Connections;
using ProfileEngine.Connectors.Webex;
using ProfileEngine.Connectors.Webex.Models;
using ProfileEngine.Persistence;
using ProfileEngine.Subscriptions;
using ProfileEngine.Workflows.Activities;
using ProfileEngine.Reclamation;
using ProfileEngine.Connectors.Webex.Connections;
using ProfileEngine.Connectors.Webex.UserActivity;

namespace ProfileEngine.Connectors.Webex.Reclamation;

/// <summary>
/// The checks right before the vendor call: the candidate is still Awaiting Revocation and this run owns it; the
/// subscription still exists and is not excluded (rules re-read now); the person still holds the license at Webex;
/// and no meaningful activity newer than the candidate's shows in the person's compliance events or the site's usage
/// report (Meetings, Training, Events, Support hosting) since the last activity sync, nor, for Meetings, in the last
/// day's meetings the person hosted (which the report may not show yet). A failed check closes the candidate instead of removing anything.
/// </summary>
[Activity("ProfileEngine.Webex.RecheckBeforeReclaim", Outcomes = [ProceedOutcome, CandidateStep.ClosedOutcome],
    Description = "Re-checks assignment, exclusions and recent activity right before a Webex license is removed.")]
public sealed class RecheckBeforeReclaim(IDbContextFactory<ProfileEngineDbContext> databases, ConnectedWebexClients clients) : WorkflowActivity
{
    public const string ProceedOutcome = "Proceed";

    [Input(Required = true, Description = "The removal candidate's id.")]
    public Input<long> CandidateId { get; } = new();

    [Input(Description = "What counts as meaningful activity, per product; default: the connector's meaningful-activity-rules.json, as in the activity subflow.")]
    public Input<JsonNode> Rules { get; } = new();

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var id = CandidateId.Get();
        var proceed = await ReclaimSteps.RecheckAsync(
            context,
            databases,
            id,
            WebexConnector.Vendor,
            async (target, now, ct) =>
            {
                var (action, reason, seen) = await VendorCheckAsync(target, now, ct);
                return new RecheckResult(action, reason, seen);
            },
            e => e is WebexApiException webex ? ReclaimTarget.Describe(webex) : e.Message,
            cancellationToken);
        return ActivityResult.Outcome(proceed ? ProceedOutcome : CandidateStep.ClosedOutcome);
    }

    private async Task<(CandidateAction? Action, string? Reason, DateTimeOffset? Seen)> VendorCheckAsync(ReclaimCandidate target, DateTimeOffset now, CancellationToken cancellationToken)
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
            return (CandidateAction.SubscriptionGone, "The person no longer exists at Webex; nothing to remove.", null);
        }

        if (!person.Licenses.Contains(candidate.Identifier, StringComparer.Ordinal))
        {
            return candidate.ReclaimIntentAt is not null
                ? (CandidateAction.ReclaimSucceeded, "The license was removed by the previous attempt (Webex no longer lists it); recorded as reclaimed without calling again.", null)
                : (CandidateAction.RecheckFailed, "Closed Skipped: Webex no longer lists the license on the person (removed elsewhere); nothing was removed.", null);
        }

        if (target.Product is null || !target.Profile.DownloadActivity)
        {
            return (null, null, null);
        }

        var rules = MeaningfulActivityRules.Parse(Rules.Value);
        var since = await SinceAsync(target, now, cancellationToken);
        if (rules.ReadsEvents)
        {
            await foreach (var item in client.ListComplianceEventsAsync(new() { ActorId = person.Id, From = since, To = now, Max = 1000 }, cancellationToken))
            {
                if (item.Created is var at && at > since && rules.ProductsOf(item).Contains(target.Product))
                {
                    return (CandidateAction.ActivityDetected, $"Closed Canceled: {item.Resource} {item.Type} by the holder on {at:yyyy-MM-dd HH:mm} UTC; the license is in use.", at);
                }
            }
        }

        foreach (var (serviceType, products) in rules.ReportHostingProducts)
        {
            if (!products.Contains(target.Product) || person.PrimaryEmail is not { } host)
            {
                continue;
            }

            if (await HostedInUsageReportAsync(client, target, serviceType, host, since, now, cancellationToken) is { } found)
            {
                return found;
            }

            if (serviceType == MeetingUsageQuery.MeetingCenter && await HostedRecentlyAsync(client, person, host, since, now, cancellationToken) is { } recent)
            {
                return recent;
            }
        }

        return (null, null, null);
    }

    /// <summary>
    /// Sessions the holder hosted on the license's site, from the usage report. Its rows arrive up to a day after a
    /// session ended, so it is read from a day before <paramref name="since"/>; it spans at most 30 days per request,
    /// and the most recent 30 are what matters here.
    /// </summary>
    private async Task<(CandidateAction? Action, string? Reason, DateTimeOffset? Seen)?> HostedInUsageReportAsync(
        WebexClient client, ReclaimCandidate target, string serviceType, string host, DateTimeOffset since, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (await SiteOfAsync(target, cancellationToken) is not { } site)
        {
            return null;
        }

        // Rows of the day before the last sync may have been missing then; a session the candidate knows of is not news.
        var from = since - UpdateUserActivity.UsageReportDelay;
        var oldest = now.AddDays(-WebexClient.MaxMeetingUsageInterval.TotalDays);
        from = from < oldest ? oldest : from;
        var newerThan = target.Candidate.LastActivity is { } known && known > from ? known : from;
        var query = new MeetingUsageQuery { SiteUrl = site, ServiceType = serviceType, From = from, To = now, Max = WebexClient.MaxMeetingUsagePageSize };
        await foreach (var session in client.ListMeetingUsageReportsAsync(query, cancellationToken))
        {
            if (string.Equals(session.HostEmail, host, StringComparison.OrdinalIgnoreCase) && (session.Start ?? session.End) is { } held && held > newerThan)
            {
                var what = serviceType == MeetingUsageQuery.MeetingCenter ? "meeting" : serviceType + " session";
                return (CandidateAction.ActivityDetected, $"Closed Canceled: the holder hosted a {what} on {held:yyyy-MM-dd HH:mm} UTC; the license is in use.", held);
            }
        }

        return null;
    }

    /// <summary>
    /// The last day's meetings, which the usage report may not show yet: the holder's own meeting list, read as an
    /// admin for that host (<c>hostEmail</c>), which shows an ended meeting 15 minutes after it ended. That list also
    /// holds meetings the person was only invited to, so only those they hosted count.
    /// </summary>
    private static async Task<(CandidateAction? Action, string? Reason, DateTimeOffset? Seen)?> HostedRecentlyAsync(
        WebexClient client, Connectors.Webex.Models.Person person, string host, DateTimeOffset since, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var lastDay = now - UpdateUserActivity.UsageReportDelay - TimeSpan.FromHours(1);
        var query = new MeetingQuery { From = since > lastDay ? since : lastDay, To = now, HostEmail = host, Max = WebexClient.MaxMeetingsPageSize };
        await foreach (var meeting in client.ListMeetingsAsync(query, cancellationToken))
        {
            var hosted = string.Equals(meeting.HostUserId, person.Id, StringComparison.Ordinal) || string.Equals(meeting.HostEmail, host, StringComparison.OrdinalIgnoreCase);
            if (hosted && (meeting.Start ?? meeting.End) is { } held && held > since && held <= now)
            {
                return (CandidateAction.ActivityDetected, $"Closed Canceled: the holder hosted a meeting on {held:yyyy-MM-dd HH:mm} UTC; the license is in use.", held);
            }
        }

        return null;
    }

    private async Task<string?> SiteOfAsync(ReclaimCandidate target, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await db.ProfileLicenses.AsNoTracking().Where(l => l.ProfileId == target.Profile.Id && l.Identifier == target.Candidate.Identifier)
            .Select(l => l.SiteUrl).FirstOrDefaultAsync(cancellationToken);
    }

    // From the last activity sync (the events watermark, an hour earlier for late events) or, without one, the
    // last activity the candidate saw; never more than the threshold back.
    private async Task<DateTimeOffset> SinceAsync(ReclaimCandidate target, DateTimeOffset now, CancellationToken cancellationToken)
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
