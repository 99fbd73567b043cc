using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using ProfileEngine.Connectors.Webex;
using ProfileEngine.Connectors.Webex.Connections;
using ProfileEngine.Connectors.Webex.Models;
using ProfileEngine.Persistence;
using ProfileEngine.Subscriptions;
using ProfileEngine.Workflows.Activities;

namespace ProfileEngine.Connectors.Webex.Subscriptions;

/// <summary>
/// Download Subscriptions, step 2: people, streamed page by page, into one subscription per (person, paid license),
/// upserted in bulk with the page's checkpoint (the next-page link and the counts) in one transaction, so a crash
/// resumes from the last committed page. Full mode lists everyone (<c>GET /v1/people?max=1000</c>) and afterwards
/// deactivates the pairs it did not see; incremental mode reads the people SCIM says changed since the watermark
/// (<c>meta.lastModified ge</c>, or sorted descending down to the watermark where the filter is refused) and re-reads
/// each of them with <c>GET /v1/people/{id}</c> (an <c>id=</c> list lookup carries no licenses), with a full rebase
/// on the configured day of the month.
/// </summary>
[Activity("ProfileEngine.Webex.DownloadSubscriptions", Description = "Downloads Webex people into software subscriptions (full or incremental), resumable page by page.")]
public sealed partial class DownloadSubscriptions(
    IDbContextFactory<ProfileEngineDbContext> dbFactory,
    ConnectedWebexClients clients,
    IEnumerable<ISubscriptionDeactivationHook> hooks,
    ILogger<DownloadSubscriptions> logger) : WorkflowActivity
{
    public const string PeopleStream = "people";
    public const string FullSyncStream = "people-full";
    public const string FullMode = "full";
    public const string IncrementalMode = "incremental";

    private const int ScimPageSize = 1000;

    [Input(Required = true, Description = "The integration profile.")]
    public Input<Guid> ProfileId { get; } = new();

    [Input(Description = "full (default) or incremental; incremental falls back to full without a watermark and on the rebase day.")]
    public Input<string> Mode { get; } = new();

    [Input(Description = "Day of the month of the full rebase in incremental mode (default 10, as seed 002).")]
    public Input<int> RebaseDayOfMonth { get; } = new();

    [Input(Description = "People per page (max, at most 1000).")]
    public Input<int> PageSize { get; } = new();

    [Input(Description = "Person types that hold subscriptions (default: person). Bots and app users are skipped unless listed.")]
    public Input<string[]> PersonTypes { get; } = new();

    [Input(Description = "Presence statuses whose people are skipped (default: none).")]
    public Input<string[]> SkipStatuses { get; } = new();

    [Input(Description = "Skip people whose login is disabled (default false).")]
    public Input<bool> SkipLoginDisabled { get; } = new();

    [Input(Description = "Skip people whose invitation is pending (default false).")]
    public Input<bool> SkipInvitePending { get; } = new();

    [Output(Description = "fetched, inserted, updated, unchanged, deactivated, skipped, unrecognized, pages.")]
    public Output<JsonObject> Counts { get; } = new();

    [Output(Description = "The mode that ran: full or incremental.")]
    public Output<string> ModeRun { get; } = new();

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var profileId = ProfileId.Get();
        var pageSize = PageSize.GetOrDefault(1000);
        if (pageSize is < 1 or > 1000)
        {
            throw new InvalidOperationException($"pageSize must be between 1 and 1000, not {pageSize}.");
        }

        var filter = new PersonFilter(
            (PersonTypes.GetOrDefault(["person"])).ToHashSet(StringComparer.OrdinalIgnoreCase),
            (SkipStatuses.GetOrDefault([])).ToHashSet(StringComparer.OrdinalIgnoreCase),
            SkipLoginDisabled.GetOrDefault(false),
            SkipInvitePending.GetOrDefault(false));
        var now = context.Clock.GetUtcNow();

        RunState state;
        PageContext page;
        await using (var read = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var target = await DownloadTarget.FindAsync(read, profileId, cancellationToken);
            state = context.Checkpoint is JsonObject saved
                ? RunState.From(saved)
                : await StartAsync(read, profileId, Mode.GetOrDefault(FullMode), RebaseDayOfMonth.GetOrDefault(10), now, cancellationToken);
            page = await PageContext.LoadAsync(read, target, filter, now, cancellationToken);
        }

        if (!state.Done)
        {
            var client = await clients.CreateAsync(page.Target.AliasName, cancellationToken);
            if (state.Mode == IncrementalMode)
            {
                await RunIncrementalAsync(context, client, page, state, pageSize, cancellationToken);
            }

            if (state.Mode == FullMode)
            {
                await RunFullAsync(context, client, page, state, pageSize, cancellationToken);
            }
        }

        await using (var read = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            state.Unrecognized = await read.UnrecognizedSubscriptionIdentifiers
                .CountAsync(u => u.ProfileId == profileId && u.MappedModelId == null && u.SubscriptionCount > 0, cancellationToken);
        }

        context.Log(string.Create(
            CultureInfo.InvariantCulture,
            $"{state.Mode}: {state.Fetched} people in {state.Pages} page(s), {state.Inserted} inserted, {state.Updated} updated, {state.Deactivated} deactivated, {state.Skipped} skipped"));
        Counts.Set(state.ToCounts());
        ModeRun.Set(state.Mode);
        return ActivityResult.Done();
    }

    private static async Task<RunState> StartAsync(ProfileEngineDbContext db, Guid profileId, string requested, int rebaseDay, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (requested is not (FullMode or IncrementalMode))
        {
            throw new InvalidOperationException($"mode must be '{FullMode}' or '{IncrementalMode}', not '{requested}'.");
        }

        if (rebaseDay is < 1 or > 31)
        {
            throw new InvalidOperationException($"rebaseDayOfMonth must be between 1 and 31, not {rebaseDay}.");
        }

        var marks = await db.SyncWatermarks.AsNoTracking().Where(w => w.ProfileId == profileId).ToDictionaryAsync(w => w.Stream, cancellationToken);
        var watermark = marks.GetValueOrDefault(PeopleStream)?.Value;
        var lastFull = marks.GetValueOrDefault(FullSyncStream)?.Value;
        var mode = requested;
        if (mode == IncrementalMode)
        {
            var rebaseToday = now.UtcDateTime.Day == Math.Min(rebaseDay, DateTime.DaysInMonth(now.Year, now.Month))
                && (lastFull is null || lastFull.Value.UtcDateTime.Date < now.UtcDateTime.Date);
            if (watermark is null || rebaseToday)
            {
                mode = FullMode;
            }
        }

        // A random stamp, so two full runs at the same instant still tell their rows apart.
        return new RunState { Mode = mode, Stamp = Random.Shared.NextInt64(1, long.MaxValue), Watermark = watermark };
    }

    private async Task RunFullAsync(ActivityContext context, WebexClient client, PageContext page, RunState state, int pageSize, CancellationToken cancellationToken)
    {
        var profileId = page.Target.ProfileId;
        if (!state.PagesDone)
        {
            var resume = state.Next is { } next ? new Uri(next) : null;
            await foreach (var people in client.ListPeoplePagesAsync(new PeopleQuery { Max = pageSize }, resume, cancellationToken))
            {
                var (personIds, rows) = page.Rows(people.Items, state);
                state.FullWatermark = Max(state.FullWatermark, people.Items.Max(p => p.LastModified));
                var plan = await PlanAsync(profileId, personIds, rows, keepStatus: false, cancellationToken);
                state.Add(plan);
                state.Pages++;
                state.Next = people.Next?.AbsoluteUri;
                state.PagesDone = people.Next is null;
                var now = context.Clock.GetUtcNow();
                await context.SaveCheckpointAsync(state.ToJson(), (db, ct) => ApplyAsync(db, profileId, plan, state.Stamp, now, ct), cancellationToken);
            }

            state.PagesDone = true;
        }

        // People gone from the vendor: pairs this run never saw.
        List<long> unseen;
        await using (var read = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            unseen = await SubscriptionBulkWriter.UnseenAsync(read, profileId, state.Stamp, cancellationToken);
        }

        state.Deactivated += unseen.Count;
        state.Done = true;
        var at = context.Clock.GetUtcNow();
        var watermark = state.FullWatermark ?? state.Watermark;
        await context.SaveCheckpointAsync<ProfileEngineDbContext>(state.ToJson(), async (engine, ct) =>
        {
            await SubscriptionBulkWriter.DeactivateAsync(engine, unseen, at, ct);
            await NotifyDeactivatedAsync(engine, profileId, unseen, at, ct);
            await SubscriptionBulkWriter.RecountUnrecognizedAsync(engine, profileId, ct);
            if (watermark is { } value)
            {
                await SetWatermarkAsync(engine, profileId, PeopleStream, value, at, ct);
            }

            await SetWatermarkAsync(engine, profileId, FullSyncStream, at, at, ct);
        }, cancellationToken);
        logger.LogInformation("Full download of profile {ProfileId}: {Deactivated} subscription(s) gone from the vendor deactivated", profileId, unseen.Count);
    }

    private async Task<SubscriptionPagePlan> PlanAsync(Guid profileId, IReadOnlyCollection<string> personIds, IReadOnlyList<SubscriptionRow> rows, bool keepStatus, CancellationToken cancellationToken)
    {
        await using var read = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await SubscriptionBulkWriter.PlanAsync(read, profileId, personIds, rows, keepStatus, cancellationToken);
    }

    private async Task ApplyAsync(DbContext db, Guid profileId, SubscriptionPagePlan plan, long stamp, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await SubscriptionBulkWriter.ApplyAsync(db, profileId, plan, stamp, now, cancellationToken);
        await NotifyDeactivatedAsync(db, profileId, plan.Deactivations, now, cancellationToken);
    }

    private async Task NotifyDeactivatedAsync(DbContext db, Guid profileId, List<long> ids, DateTimeOffset at, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return;
        }

        foreach (var hook in hooks)
        {
            await hook.OnDeactivatedAsync(db, profileId, ids, at, cancellationToken);
        }
    }

    private static async Task SetWatermarkAsync(ProfileEngineDbContext db, Guid profileId, string stream, DateTimeOffset value, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var mark = await db.SyncWatermarks.SingleOrDefaultAsync(w => w.ProfileId == profileId && w.Stream == stream, cancellationToken);
        if (mark is null)
        {
            db.SyncWatermarks.Add(new SyncWatermark { ProfileId = profileId, Stream = stream, Value = value, UpdatedAt = at });
        }
        else
        {
            mark.Value = value;
            mark.UpdatedAt = at;
        }
    }

    private static DateTimeOffset? Max(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : (a > b ? a : b);
}
