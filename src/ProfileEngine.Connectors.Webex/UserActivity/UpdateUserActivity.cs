using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using ProfileEngine.Connections;
using ProfileEngine.Connectors.Webex.Connections;
using ProfileEngine.Connectors.Webex.Models;
using ProfileEngine.Connectors.Webex;
using ProfileEngine.Persistence;
using ProfileEngine.Profiles;
using ProfileEngine.UserActivity;
using ProfileEngine.Workflows.Activities;

namespace ProfileEngine.Connectors.Webex.UserActivity;

/// <summary>
/// Reads a profile's activity streams (compliance events, Meetings/Training/Events/Support sessions hosted from the
/// sites' usage reports, optionally admin audit) from max(analyze-from, watermark − overlap) to now in bounded time
/// windows, and moves each person's last activity per product forward. Each flush commits the writes with the
/// activity's checkpoint; each finished window moves the stream's watermark. A resumed run restarts the window it was
/// in; writing "if later" twice changes nothing. Each stream also records from when it has been read without gaps,
/// and the run ends by writing each product's <see cref="ActivityCoverage"/>: evaluation proposes nobody beyond it.
/// </summary>
[Activity("ProfileEngine.Webex.UpdateUserActivity", Description = "Moves last activity per person and product forward from Webex activity streams.")]
public sealed partial class UpdateUserActivity(
    IDbContextFactory<ProfileEngineDbContext> dbFactory,
    ConnectedWebexClients clients) : WorkflowActivity
{
    /// <summary>
    /// How far back Webex serves activity: the usage report refuses an older <c>from</c>, and compliance events are
    /// kept 90 days without Pro Pack. Reading further back would claim knowledge of days nothing could be read for.
    /// </summary>
    public static readonly TimeSpan ApiHistory = TimeSpan.FromDays(90);

    /// <summary>A session shows in the usage report up to 24 hours after it ended: each run reads that far back again, and the last day is not yet known.</summary>
    public static readonly TimeSpan UsageReportDelay = TimeSpan.FromHours(24);

    /// <summary>
    /// Where reading starts when the profile does not say: all that Webex serves, so that a rule's threshold (60 days
    /// by default) is covered by known activity from the first run.
    /// </summary>
    public static readonly TimeSpan DefaultLookBack = ApiHistory;

    private IDbContextFactory<ProfileEngineDbContext> Databases { get; } = dbFactory;

    /// <summary>The earliest time a run at <paramref name="now"/> reads from (an hour's margin keeps a slow run inside Webex's limits).</summary>
    public static DateTimeOffset EarliestServed(DateTimeOffset now) => now - ApiHistory + TimeSpan.FromHours(1);

    /// <summary>The stream of one service type, e.g. <c>meetingReports-TrainingCenter</c>.</summary>
    public static string UsageReportStream(string serviceType) => MeaningfulActivityRules.UsageReportStream(serviceType);

    [Input(Required = true, Description = "The integration profile.")]
    public Input<string> ProfileId { get; } = new();

    [Input(Description = "What counts as meaningful activity, per product; default: the connector's meaningful-activity-rules.json.")]
    public Input<JsonNode> Rules { get; } = new();

    [Input(Description = "How many days one request window spans (default 1).")]
    public Input<int> WindowDays { get; } = new();

    [Input(Description = "How far before the watermark a run starts again, for late-arriving events (default 60 minutes).")]
    public Input<int> OverlapMinutes { get; } = new();

    [Input(Description = "How many distinct person/product pairs are held before they are written (default 10,000).")]
    public Input<int> FlushEvery { get; } = new();

    [Output(Description = "eventsRead, sessionsRead, hostsWithoutSubscription, auditEventsRead, meaningful, unresolvedActors, windows.")]
    public Output<JsonObject> Counts { get; } = new();

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var rules = MeaningfulActivityRules.Parse(Rules.Value);
        if (!Guid.TryParse(ProfileId.Get(), out var profileId))
        {
            throw new ArgumentException($"profileId '{ProfileId.Get()}' is not a profile id.");
        }

        var checkpoint = context.Checkpoint as JsonObject ?? [];
        var now = checkpoint["runUntil"]?.GetValue<DateTimeOffset>() ?? context.Clock.GetUtcNow();
        var (profile, alias, orgId) = await LoadProfileAsync(profileId, cancellationToken);
        var client = await clients.CreateAsync(alias, cancellationToken);
        var run = new Run(this, context, profileId, now, checkpoint);

        var oldestServed = EarliestServed(now);
        var analyzeFrom = profile.AnalyzeUserActivityFrom ?? now - DefaultLookBack;
        if (analyzeFrom < oldestServed)
        {
            analyzeFrom = oldestServed;
        }

        if (rules.ReadsEvents)
        {
            await run.StreamAsync(MeaningfulActivityRules.EventsStream, analyzeFrom, async (from, to, sink) =>
            {
                await foreach (var item in client.ListComplianceEventsAsync(new() { From = from, To = to, Max = 1000 }, cancellationToken))
                {
                    sink.Read("eventsRead");
                    var products = rules.ProductsOf(item);
                    if (products.Count == 0)
                    {
                        continue;
                    }

                    if (string.IsNullOrEmpty(item.ActorId))
                    {
                        sink.Read("unresolvedActors");
                        continue;
                    }

                    foreach (var product in products)
                    {
                        await sink.SeenAsync(item.ActorId, product, item.Created);
                    }
                }
            }, cancellationToken);
        }

        if (rules.ReportHostingProducts.Count > 0)
        {
            await ReadUsageReportsAsync(run, rules, client, profileId, analyzeFrom, cancellationToken);
        }

        if (rules.ReadsAdminAudit)
        {
            var org = orgId ?? throw new InvalidOperationException($"The connection of '{alias}' has no org id; connect it again before reading admin audit events.");
            await run.StreamAsync(MeaningfulActivityRules.AdminAuditStream, analyzeFrom, async (from, to, sink) =>
            {
                await foreach (var item in client.ListAdminAuditEventsAsync(new() { OrgId = org, From = from, To = to, Max = 200 }, cancellationToken))
                {
                    sink.Read("auditEventsRead");
                    if (string.IsNullOrEmpty(item.ActorId))
                    {
                        sink.Read("unresolvedActors");
                        continue;
                    }

                    foreach (var product in rules.ProductsOf(item))
                    {
                        await sink.SeenAsync(item.ActorId, product, item.Created);
                    }
                }
            }, cancellationToken);
        }

        if (rules.ReadsPresence)
        {
            // lastActivity is one value per person, not a history: one pass over the people, as one window.
            await run.StreamAsync(MeaningfulActivityRules.PresenceStream, analyzeFrom, async (from, to, sink) =>
            {
                await foreach (var person in client.ListPeopleAsync(new() { Max = 1000 }, cancellationToken))
                {
                    sink.Read("peopleRead");
                    if (person.LastActivity is { } seen && seen >= from && seen < to)
                    {
                        foreach (var product in rules.PresenceProducts)
                        {
                            await sink.SeenAsync(person.Id, product, seen);
                        }
                    }
                }
            }, cancellationToken, singleWindow: true);
        }

        await run.ApplyToSubscriptionsAsync(rules, cancellationToken);
        Counts.Set(run.Totals);
        return ActivityResult.Done();
    }

    private async Task<(IntegrationProfile Profile, string Alias, string? OrgId)> LoadProfileAsync(Guid profileId, CancellationToken cancellationToken)
    {
        await using var db = await Databases.CreateDbContextAsync(cancellationToken);
        var profile = await db.IntegrationProfiles.AsNoTracking().Include(p => p.ConnectionAlias)
            .SingleOrDefaultAsync(p => p.Id == profileId, cancellationToken)
            ?? throw new InvalidOperationException($"There is no integration profile {profileId}.");
        var alias = profile.ConnectionAlias?.Name ?? throw new InvalidOperationException($"Profile '{profile.DisplayName}' has no connection alias.");
        var orgId = await db.Connections.AsNoTracking().Where(c => c.AliasId == profile.ConnectionAliasId).Select(c => c.OrgId).SingleOrDefaultAsync(cancellationToken);
        return (profile, alias, orgId);
    }
}
