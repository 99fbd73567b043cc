using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using ProfileEngine.Subscriptions;
using ProfileEngine.UserActivity;
using ProfileEngine.Workflows.Activities;

namespace ProfileEngine.Connectors.Webex.UserActivity;

/// <summary>The state of one run: pending writes, flushes with their checkpoint, watermarks and coverage.</summary>
public sealed partial class UpdateUserActivity
{
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
