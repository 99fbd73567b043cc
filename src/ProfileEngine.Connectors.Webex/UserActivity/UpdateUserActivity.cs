using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ProfileEngine.Connections;
using ProfileEngine.Connectors.Webex;
using ProfileEngine.Connectors.Webex.Models;
using ProfileEngine.Persistence;
using ProfileEngine.Profiles;
using ProfileEngine.Subscriptions;
using ProfileEngine.Workflows.Activities;
using ProfileEngine.UserActivity;
using ProfileEngine.Connectors.Webex.Connections;

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
public sealed class UpdateUserActivity(
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

    [Input(Description = "What counts as meaningful activity, per product (see MeaningfulActivityRules).")]
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

    /// <summary>
    /// Meetings, Training, Events and Support sessions hosted, one stream (and watermark) per service type, per site of the
    /// profile's licenses. The report names hosts by email only: a host is the person whose subscription has that
    /// user principal name; hosting by someone holding no subscription of this profile is counted and ignored. Hosts
    /// are looked up a page of sessions at a time, so memory does not grow with the org.
    /// </summary>
    private async Task ReadUsageReportsAsync(Run run, MeaningfulActivityRules rules, WebexClient client, Guid profileId, DateTimeOffset analyzeFrom, CancellationToken cancellationToken)
    {
        List<string> sites;
        await using (var db = await Databases.CreateDbContextAsync(cancellationToken))
        {
            sites = await db.ProfileLicenses.AsNoTracking().Where(l => l.ProfileId == profileId && l.SiteUrl != null)
                .Select(l => l.SiteUrl!).Distinct().ToListAsync(cancellationToken);
        }

        if (sites.Count == 0)
        {
            // No site license downloaded yet: nothing to ask for, and no watermark, so the first run with sites reads from analyze-from.
            return;
        }

        foreach (var (serviceType, products) in rules.ReportHostingProducts)
        {
            await run.StreamAsync(UsageReportStream(serviceType), analyzeFrom, async (windowFrom, windowTo, sink) =>
            {
                var page = new List<(string Email, DateTimeOffset Held)>(WebexClient.MaxMeetingUsagePageSize);
                foreach (var site in sites)
                {
                    var query = new MeetingUsageQuery { SiteUrl = site, ServiceType = serviceType, From = windowFrom, To = windowTo, Max = WebexClient.MaxMeetingUsagePageSize };
                    await foreach (var session in client.ListMeetingUsageReportsAsync(query, cancellationToken))
                    {
                        sink.Read("sessionsRead");
                        if (string.IsNullOrEmpty(session.HostEmail) || (session.Start ?? session.End) is not { } held)
                        {
                            sink.Read("unresolvedActors");
                            continue;
                        }

                        page.Add((session.HostEmail, held));
                        if (page.Count == WebexClient.MaxMeetingUsagePageSize)
                        {
                            await SeenHostsAsync(profileId, page, products, sink, cancellationToken);
                        }
                    }
                }

                await SeenHostsAsync(profileId, page, products, sink, cancellationToken);
            }, cancellationToken, window: WebexClient.MaxMeetingUsageInterval, minOverlap: UsageReportDelay);
        }
    }

    /// <summary>
    /// Resolves a page of hosts' emails to the people holding the profile's subscriptions (as Webex wrote the email, or
    /// in lower case: Webex keeps emails in lower case) and records their hosting; empties the page.
    /// </summary>
    private async Task SeenHostsAsync(Guid profileId, List<(string Email, DateTimeOffset Held)> page, List<string> products, Run sink, CancellationToken cancellationToken)
    {
        if (page.Count == 0)
        {
            return;
        }

        var emails = page.Select(p => p.Email).Concat(page.Select(p => p.Email.ToLowerInvariant())).Distinct(StringComparer.Ordinal).ToList();
        var hosts = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        await using (var db = await Databases.CreateDbContextAsync(cancellationToken))
        {
            var found = await db.SoftwareSubscriptions.AsNoTracking()
                .Where(s => s.ProfileId == profileId && s.UserPrincipalName != null && emails.Contains(s.UserPrincipalName))
                .Select(s => new { Email = s.UserPrincipalName!, s.ExternalUserId }).Distinct().ToListAsync(cancellationToken);
            foreach (var holder in found)
            {
                hosts.TryAdd(holder.Email, holder.ExternalUserId);
            }
        }

        foreach (var (email, held) in page)
        {
            if (!hosts.TryGetValue(email, out var host))
            {
                sink.Read("hostsWithoutSubscription");
                continue;
            }

            foreach (var product in products)
            {
                await sink.SeenAsync(host, product, held);
            }
        }

        page.Clear();
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

    /// <summary>
    /// One run of the windows of each stream, newest window first: the first time a person/product pair is seen is its
    /// latest activity in the range, so each pair is written once, and older sightings are only counted. Writes are
    /// held until enough pairs are pending, then committed with a checkpoint naming where reading goes on (the start
    /// of the window whose reading is not fully written); the stream's watermark moves to the end of the range when
    /// the stream is done. A resume reads again from the checkpoint; writing "if later" twice changes nothing.
    /// </summary>
    private sealed class Run(UpdateUserActivity owner, ActivityContext context, Guid profileId, DateTimeOffset until, JsonObject checkpoint)
    {
        private readonly Dictionary<(string User, string Product), DateTimeOffset> _pending = [];

        // 64-bit hashes of the pairs already taken in this run: a few MB at 100,000 people, where the pairs
        // themselves would hold every user id. A collision (about 1 in 10^9 at that size) would leave one pair at
        // an older time until the next run.
        private readonly HashSet<ulong> _taken = [];

        // Pairs of the window being read that a mid-window flush wrote, with the time written: a later sighting in
        // the same window (the order inside a window is not guaranteed) is written again.
        private readonly Dictionary<ulong, DateTimeOffset> _takenThisWindow = [];
        private readonly Dictionary<string, long> _windowCounts = new(StringComparer.Ordinal);
        private readonly Dictionary<string, long> _unwrittenCounts = new(StringComparer.Ordinal);
        private string _stream = string.Empty;
        private DateTimeOffset _windowEnd;
        private CancellationToken _cancellation;

        public JsonObject Totals { get; } = checkpoint["totals"] as JsonObject ?? [];

        private int FlushEvery => Math.Max(1, owner.FlushEvery.GetOrDefault(10_000));

        public async Task StreamAsync(
            string stream,
            DateTimeOffset analyzeFrom,
            Func<DateTimeOffset, DateTimeOffset, Run, Task> read,
            CancellationToken cancellationToken,
            bool singleWindow = false,
            TimeSpan? window = null,
            TimeSpan? minOverlap = null)
        {
            if (checkpoint["done"] is JsonArray done && done.Any(d => d?.GetValue<string>() == stream))
            {
                return;
            }

            _cancellation = cancellationToken;
            _stream = stream;
            _taken.Clear();
            // A report (one row per session) is read in the widest windows Webex allows; event streams in the definition's.
            var span = singleWindow ? TimeSpan.MaxValue : window ?? TimeSpan.FromDays(Math.Max(1, owner.WindowDays.GetOrDefault(1)));

            var overlap = TimeSpan.FromMinutes(Math.Max(0, owner.OverlapMinutes.GetOrDefault(60)));
            if (minOverlap is { } least && overlap < least)
            {
                overlap = least;
            }
            DateTimeOffset from;
            DateTimeOffset to;
            if (checkpoint["stream"]?.GetValue<string>() == stream && checkpoint["rangeFrom"] is { } rangeFrom && checkpoint["readDownTo"] is { } readDownTo)
            {
                from = rangeFrom.GetValue<DateTimeOffset>();
                to = readDownTo.GetValue<DateTimeOffset>();
            }
            else
            {
                await using var db = await owner.Databases.CreateDbContextAsync(cancellationToken);
                var mark = await db.Set<SyncWatermark>().AsNoTracking()
                    .SingleOrDefaultAsync(w => w.ProfileId == profileId && w.Stream == WatermarkStream(stream), cancellationToken);

                // A look-back moved earlier than what has been read (or a mark from before coverage was kept) reads
                // the whole range again, so the older days become known too.
                from = mark is { CoveredFrom: { } covered } && covered <= analyzeFrom && mark.Value - overlap > analyzeFrom
                    ? mark.Value - overlap
                    : analyzeFrom;
                to = until;
            }

            checkpoint["stream"] = stream;
            checkpoint["runUntil"] = until;
            checkpoint["rangeFrom"] = from;
            while (to > from)
            {
                var start = to - from > span ? to - span : from;
                _windowEnd = to;
                _windowCounts.Clear();
                await read(start, to, this);
                _taken.UnionWith(_takenThisWindow.Keys);
                _takenThisWindow.Clear();
                foreach (var (name, value) in _windowCounts)
                {
                    _unwrittenCounts[name] = _unwrittenCounts.GetValueOrDefault(name) + value;
                }

                _unwrittenCounts["windows"] = _unwrittenCounts.GetValueOrDefault("windows") + 1;
                if (_pending.Count >= FlushEvery)
                {
                    await FlushAsync(readDownTo: start);
                }

                to = start;
            }

            await FlushAsync(readDownTo: from, streamDone: true, rangeFrom: from);
        }

        /// <summary>
        /// Moves each subscription's last activity forward to its person's latest activity with the subscription's
        /// product, in one statement for the whole profile (so subscriptions downloaded since the last run get theirs too).
        /// </summary>
        public async Task ApplyToSubscriptionsAsync(MeaningfulActivityRules rules, CancellationToken cancellationToken)
        {
            var updated = 0;
            var saved = checkpoint.DeepClone().AsObject();
            var now = context.Clock.GetUtcNow();
            await context.SaveCheckpointAsync(
                saved,
                async (db, ct) =>
                {
                    updated = await LastActivityWriter.ApplyToSubscriptionsAsync(db, profileId, ct);
                    await WriteCoverageAsync(db, rules, now, ct);
                },
                cancellationToken);
            Totals["subscriptionsMovedForward"] = updated;
        }

        /// <summary>
        /// Each product's activity is known where all of its streams have been read: from the latest of their
        /// starts to the earliest of their ends (a usage report's last day is not complete yet).
        /// </summary>
        private async Task WriteCoverageAsync(DbContext db, MeaningfulActivityRules rules, DateTimeOffset now, CancellationToken cancellationToken)
        {
            var marks = await db.Set<SyncWatermark>().AsNoTracking().Where(w => w.ProfileId == profileId && w.CoveredFrom != null)
                .ToDictionaryAsync(w => w.Stream, StringComparer.Ordinal, cancellationToken);
            var existing = await db.Set<ActivityCoverage>().Where(c => c.ProfileId == profileId).ToDictionaryAsync(c => c.Product, StringComparer.Ordinal, cancellationToken);
            foreach (var product in rules.Products)
            {
                DateTimeOffset? from = null;
                DateTimeOffset? to = null;
                foreach (var stream in rules.StreamsOf(product))
                {
                    if (!marks.TryGetValue(WatermarkStream(stream), out var mark))
                    {
                        from = to = null;
                        break;
                    }

                    var end = stream.StartsWith(MeaningfulActivityRules.MeetingReportsStream, StringComparison.Ordinal) ? mark.Value - UsageReportDelay : mark.Value;
                    from = from is { } f && f > mark.CoveredFrom!.Value ? f : mark.CoveredFrom!.Value;
                    to = to is { } t && t < end ? t : end;
                }

                existing.Remove(product, out var row);
                if (from is not { } coveredFrom || to is not { } coveredUntil || coveredUntil <= coveredFrom)
                {
                    if (row is not null)
                    {
                        db.Remove(row);
                    }

                    continue;
                }

                if (row is null)
                {
                    db.Add(new ActivityCoverage { ProfileId = profileId, Product = product, CoveredFrom = coveredFrom, CoveredUntil = coveredUntil, UpdatedAt = now });
                }
                else
                {
                    row.CoveredFrom = coveredFrom;
                    row.CoveredUntil = coveredUntil;
                    row.UpdatedAt = now;
                }
            }

            // Products no rule names any more have no known activity.
            db.RemoveRange(existing.Values);
        }

        public void Read(string counter) => _windowCounts[counter] = _windowCounts.GetValueOrDefault(counter) + 1;

        public async Task SeenAsync(string user, string product, DateTimeOffset at)
        {
            Read("meaningful");
            var key = (user, product);
            if (_pending.TryGetValue(key, out var known))
            {
                if (at > known)
                {
                    _pending[key] = at;
                }

                return;
            }

            var hash = Hash(user, product);
            if (_taken.Contains(hash) || (_takenThisWindow.TryGetValue(hash, out var written) && at <= written))
            {
                return; // written already, from a newer window or with a later time
            }

            _pending[key] = at;
            if (_pending.Count >= 2 * FlushEvery)
            {
                // Mid-window: what is written is safe; this window is read again after a crash.
                await FlushAsync(readDownTo: _windowEnd, midWindow: true);
            }
        }

        private async Task FlushAsync(DateTimeOffset readDownTo, bool streamDone = false, bool midWindow = false, DateTimeOffset rangeFrom = default)
        {
            foreach (var ((user, product), at) in _pending)
            {
                if (midWindow)
                {
                    _takenThisWindow[Hash(user, product)] = at;
                }
                else
                {
                    _taken.Add(Hash(user, product));
                }
            }

            foreach (var (name, value) in _unwrittenCounts)
            {
                Totals[name] = (Totals[name]?.GetValue<long>() ?? 0) + value;
            }

            _unwrittenCounts.Clear();
            var saved = checkpoint.DeepClone().AsObject();
            saved["totals"] = Totals.DeepClone();
            saved["readDownTo"] = readDownTo;
            if (streamDone)
            {
                saved.Remove("readDownTo");
                saved.Remove("rangeFrom");
                saved["done"] = new JsonArray([.. (checkpoint["done"] as JsonArray ?? []).Select(d => d?.DeepClone()), JsonValue.Create(_stream)]);
            }

            var stream = _stream;
            var now = context.Clock.GetUtcNow();
            await context.SaveCheckpointAsync(
                saved,
                async (db, ct) =>
                {
                    await LastActivityWriter.WriteAsync(db, profileId, _pending, now, ct);
                    if (streamDone)
                    {
                        var mark = await db.Set<SyncWatermark>().SingleOrDefaultAsync(w => w.ProfileId == profileId && w.Stream == WatermarkStream(stream), ct);
                        if (mark is null)
                        {
                            db.Add(new SyncWatermark { ProfileId = profileId, Stream = WatermarkStream(stream), Value = until, CoveredFrom = rangeFrom, UpdatedAt = now });
                        }
                        else
                        {
                            // Read without a gap when this range starts at or before what was read up to.
                            mark.CoveredFrom = mark.CoveredFrom is { } covered && rangeFrom <= mark.Value
                                ? (covered < rangeFrom ? covered : rangeFrom)
                                : rangeFrom;
                            if (until > mark.Value)
                            {
                                mark.Value = until;
                            }

                            mark.UpdatedAt = now;
                        }
                    }
                },
                _cancellation);
            _pending.Clear();
            checkpoint.Clear();
            foreach (var (key, value) in saved)
            {
                checkpoint[key] = value?.DeepClone();
            }
        }

        /// <summary>The watermark's stream name, e.g. <c>activity-events</c>, beside the download's <c>people</c>.</summary>
        public static string WatermarkStream(string stream) => "activity-" + stream;

        /// <summary>FNV-1a over the user id, a separator and the product.</summary>
        private static ulong Hash(string user, string product)
        {
            var hash = 14695981039346656037UL;
            foreach (var c in user)
            {
                hash = (hash ^ c) * 1099511628211UL;
            }

            hash = (hash ^ 0xFFFF) * 1099511628211UL;
            foreach (var c in product)
            {
                hash = (hash ^ c) * 1099511628211UL;
            }

            return hash;
        }
    }
}
