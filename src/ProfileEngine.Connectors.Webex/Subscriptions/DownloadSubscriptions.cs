using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using ProfileEngine.Connections;
using ProfileEngine.Connectors.Webex;
using ProfileEngine.Connectors.Webex.Models;
using ProfileEngine.Persistence;
using ProfileEngine.Workflows.Activities;
using ProfileEngine.Subscriptions;
using ProfileEngine.Connectors.Webex.Connections;

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
public sealed class DownloadSubscriptions(
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

    private async Task RunIncrementalAsync(ActivityContext context, WebexClient client, PageContext page, RunState state, int pageSize, CancellationToken cancellationToken)
    {
        var profileId = page.Target.ProfileId;
        if (page.Target.OrgId is null || !WebexIds.TryOrg(page.Target.OrgId, out var prefix, out var orgUuid))
        {
            logger.LogWarning("Profile {ProfileId}: the connection's org id is unknown, so SCIM cannot be asked what changed; running a full download", profileId);
            state.Mode = FullMode;
            return;
        }

        var since = state.Watermark ?? throw new InvalidOperationException("An incremental run needs a watermark.");
        var batch = new List<ScimUser>(ScimPageSize);
        var applied = 0;
        try
        {
            var filtered = new ScimUserQuery
            {
                Filter = $"meta.lastModified ge \"{WebexIds.Timestamp(since)}\"",
                SortBy = "meta.lastModified",
                SortOrder = "ascending",
                Count = ScimPageSize,
            };
            await foreach (var user in client.ListScimUsersAsync(orgUuid, filtered, cancellationToken))
            {
                batch.Add(user);
                if (batch.Count == pageSize)
                {
                    await ApplyChangedAsync(context, client, page, state, prefix, batch, cancellationToken);
                    applied++;
                    batch.Clear();
                }
            }
        }
        catch (WebexApiException e) when (applied == 0 && e.StatusCode == HttpStatusCode.BadRequest)
        {
            // The documented fallback where the filter is refused: newest first, stop at the watermark.
            logger.LogInformation("Profile {ProfileId}: SCIM refused the meta.lastModified filter ({Message}); sorting by meta.lastModified instead", profileId, e.VendorMessage);
            batch.Clear();
            var sorted = new ScimUserQuery { SortBy = "meta.lastModified", SortOrder = "descending", Count = ScimPageSize };
            var changed = new List<ScimUser>();
            await foreach (var user in client.ListScimUsersAsync(orgUuid, sorted, cancellationToken))
            {
                if (user.Meta?.LastModified is not { } modified || modified < since)
                {
                    break;
                }

                changed.Add(user);
            }

            changed.Reverse();
            foreach (var chunk in changed.Chunk(pageSize))
            {
                await ApplyChangedAsync(context, client, page, state, prefix, [.. chunk], cancellationToken);
            }
        }
        catch (WebexApiException e) when (applied == 0 && e.StatusCode == HttpStatusCode.Forbidden)
        {
            logger.LogWarning("Profile {ProfileId}: SCIM is not allowed for this connection ({Scope} is needed); running a full download", profileId, WebexScopes.IdentityPeopleRead);
            state.Mode = FullMode;
            return;
        }

        if (batch.Count > 0)
        {
            await ApplyChangedAsync(context, client, page, state, prefix, batch, cancellationToken);
        }

        state.Done = true;
        var at = context.Clock.GetUtcNow();
        var watermark = state.Watermark;
        await context.SaveCheckpointAsync<ProfileEngineDbContext>(state.ToJson(), async (db, ct) =>
        {
            await SubscriptionBulkWriter.RecountUnrecognizedAsync(db, profileId, ct);
            if (watermark is { } value)
            {
                await SetWatermarkAsync(db, profileId, PeopleStream, value, at, ct);
            }
        }, cancellationToken);
    }

    /// <summary>
    /// Re-reads changed SCIM users one by one through <c>GET /v1/people/{id}</c> (a few in flight; the batch is at most
    /// one page) and applies them as one page. Not <c>GET /v1/people?id=</c>: Webex leaves licenses out of that answer.
    /// </summary>
    private async Task ApplyChangedAsync(ActivityContext context, WebexClient client, PageContext page, RunState state, string prefix, List<ScimUser> users, CancellationToken cancellationToken)
    {
        var ids = users.Select(u => WebexIds.Person(prefix, u.Id)).Distinct(StringComparer.Ordinal).ToList();
        var people = new List<Person>(ids.Count);
        await foreach (var person in client.GetPeopleOneByOneAsync(ids, cancellationToken))
        {
            people.Add(person);
        }

        var (personIds, rows) = page.Rows(people, state);

        // Ids the People API no longer knows are people who left: their subscriptions go.
        var all = personIds.Concat(ids).Distinct(StringComparer.Ordinal).ToList();
        var plan = await PlanAsync(page.Target.ProfileId, all, rows, keepStatus: true, cancellationToken);
        state.Add(plan);
        state.Pages++;
        state.Watermark = Max(state.Watermark, users.Max(u => u.Meta?.LastModified));
        var now = context.Clock.GetUtcNow();
        var profileId = page.Target.ProfileId;
        await context.SaveCheckpointAsync(state.ToJson(), (db, ct) => ApplyAsync(db, profileId, plan, 0, now, ct), cancellationToken);
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

    private sealed record PersonFilter(HashSet<string> Types, HashSet<string> SkipStatuses, bool SkipLoginDisabled, bool SkipInvitePending)
    {
        public bool Counts(Person person) =>
            Types.Contains(person.Type ?? "person")
            && (person.Status is null || !SkipStatuses.Contains(person.Status))
            && !(SkipLoginDisabled && person.LoginEnabled == false)
            && !(SkipInvitePending && person.InvitePending == true);
    }

    /// <summary>What turns people into rows: the profile's licenses with their models, the exclusion rules and the filter.</summary>
    private sealed record PageContext(
        DownloadTarget Target,
        Dictionary<string, ProfileLicense> Licenses,
        HashSet<string> ExcludedIdentifiers,
        HashSet<string> ExcludedUsers,
        PersonFilter Filter)
    {
        public static async Task<PageContext> LoadAsync(ProfileEngineDbContext db, DownloadTarget target, PersonFilter filter, DateTimeOffset now, CancellationToken cancellationToken)
        {
            var licenses = await db.ProfileLicenses.AsNoTracking().Where(l => l.ProfileId == target.ProfileId)
                .ToDictionaryAsync(l => l.Identifier, StringComparer.Ordinal, cancellationToken);
            var identifiers = await db.SubscriptionIdentifierExclusions.AsNoTracking()
                .Where(r => r.Active && r.ProfileType == target.ProfileType).Select(r => r.Identifier).ToListAsync(cancellationToken);
            var users = await db.UserExclusions.AsNoTracking().Where(r => r.Active).ToListAsync(cancellationToken);
            return new PageContext(
                target,
                licenses,
                identifiers.ToHashSet(StringComparer.OrdinalIgnoreCase),
                users.Where(u => u.AppliesAt(now)).Select(u => u.UserPrincipalName).ToHashSet(StringComparer.OrdinalIgnoreCase),
                filter);
        }

        public (List<string> PersonIds, List<SubscriptionRow> Rows) Rows(IReadOnlyList<Person> people, RunState state)
        {
            var ids = new List<string>(people.Count);
            var rows = new List<SubscriptionRow>(people.Count * 2);
            foreach (var person in people)
            {
                ids.Add(person.Id);
                state.Fetched++;
                if (!Filter.Counts(person))
                {
                    state.Skipped++;
                    continue;
                }

                var upn = person.PrimaryEmail;
                var userExcluded = upn is not null && ExcludedUsers.Contains(upn);
                var roles = person.Roles.Count == 0 ? null : "," + string.Join(',', person.Roles) + ",";
                foreach (var identifier in person.Licenses.Distinct(StringComparer.Ordinal))
                {
                    Guid? model = null;
                    string? catalogKey = null;
                    if (Licenses.TryGetValue(identifier, out var license))
                    {
                        if (license.IsFree)
                        {
                            continue;
                        }

                        model = license.ModelId;
                        catalogKey = license.CatalogKey;
                    }

                    var excluded = userExcluded
                        || ExcludedIdentifiers.Contains(identifier)
                        || (catalogKey is not null && ExcludedIdentifiers.Contains(catalogKey));
                    rows.Add(new SubscriptionRow(
                        person.Id, identifier, upn, person.DisplayName, model, person.Created, person.InvitePending, person.LoginEnabled,
                        roles, person.Timezone, person.Type, person.Status, excluded));
                }
            }

            return (ids, rows);
        }
    }

    /// <summary>The run's progress, kept in the workflow checkpoint with each committed page.</summary>
    private sealed class RunState
    {
        public required string Mode { get; set; }

        public long Stamp { get; init; }

        public string? Next { get; set; }

        public bool PagesDone { get; set; }

        public bool Done { get; set; }

        /// <summary>Incremental: the newest lastModified applied. Full: the watermark before the run.</summary>
        public DateTimeOffset? Watermark { get; set; }

        /// <summary>Full: the newest lastModified seen in this run.</summary>
        public DateTimeOffset? FullWatermark { get; set; }

        public int Fetched { get; set; }

        public int Inserted { get; set; }

        public int Updated { get; set; }

        public int Unchanged { get; set; }

        public int Deactivated { get; set; }

        public int Skipped { get; set; }

        public int Pages { get; set; }

        public int Unrecognized { get; set; }

        public void Add(SubscriptionPagePlan plan)
        {
            Inserted += plan.Inserts.Count;
            Updated += plan.Updates.Count;
            Unchanged += plan.Unchanged.Count;
            Deactivated += plan.Deactivations.Count;
        }

        /// <summary>The checkpoint: the counts as reported, and where the run stands.</summary>
        public JsonObject ToJson()
        {
            var json = ToCounts();
            json["mode"] = Mode;
            json["stamp"] = Stamp;
            json["next"] = Next;
            json["pagesDone"] = PagesDone;
            json["done"] = Done;
            json["watermark"] = Watermark?.ToString("O", CultureInfo.InvariantCulture);
            json["fullWatermark"] = FullWatermark?.ToString("O", CultureInfo.InvariantCulture);
            return json;
        }

        public static RunState From(JsonObject json)
        {
            static DateTimeOffset? Time(JsonNode? node) =>
                node?.GetValue<string>() is { } text ? DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind) : null;

            return new RunState
            {
                Mode = json["mode"]!.GetValue<string>(),
                Stamp = json["stamp"]!.GetValue<long>(),
                Next = json["next"]?.GetValue<string>(),
                PagesDone = json["pagesDone"]?.GetValue<bool>() ?? false,
                Done = json["done"]?.GetValue<bool>() ?? false,
                Watermark = Time(json["watermark"]),
                FullWatermark = Time(json["fullWatermark"]),
                Fetched = json["fetched"]?.GetValue<int>() ?? 0,
                Inserted = json["inserted"]?.GetValue<int>() ?? 0,
                Updated = json["updated"]?.GetValue<int>() ?? 0,
                Unchanged = json["unchanged"]?.GetValue<int>() ?? 0,
                Deactivated = json["deactivated"]?.GetValue<int>() ?? 0,
                Skipped = json["skipped"]?.GetValue<int>() ?? 0,
                Pages = json["pages"]?.GetValue<int>() ?? 0,
            };
        }

        public JsonObject ToCounts() => new()
        {
            ["fetched"] = Fetched,
            ["inserted"] = Inserted,
            ["updated"] = Updated,
            ["unchanged"] = Unchanged,
            ["deactivated"] = Deactivated,
            ["skipped"] = Skipped,
            ["unrecognized"] = Unrecognized,
            ["pages"] = Pages,
        };
    }
}

/// <summary>Webex REST ids of people and orgs (base64 of <c>ciscospark://&lt;region&gt;/&lt;TYPE&gt;/&lt;uuid&gt;</c>).</summary>
internal static class WebexIds
{
    /// <summary>Reads an org id into its prefix (<c>ciscospark://us/</c>) and identity UUID (what SCIM paths take).</summary>
    public static bool TryOrg(string orgId, out string prefix, out string uuid)
    {
        prefix = uuid = "";
        var padded = (orgId.Length % 4) switch { 2 => orgId + "==", 3 => orgId + "=", _ => orgId };
        var bytes = new byte[padded.Length];
        if (!Convert.TryFromBase64String(padded, bytes, out var length))
        {
            return false;
        }

        var text = Encoding.UTF8.GetString(bytes, 0, length);
        var marker = text.IndexOf("/ORGANIZATION/", StringComparison.Ordinal);
        if (!text.StartsWith("ciscospark://", StringComparison.Ordinal) || marker < 0)
        {
            return false;
        }

        prefix = text[..(marker + 1)];
        uuid = text[(marker + "/ORGANIZATION/".Length)..];
        return uuid.Length > 0;
    }

    /// <summary>The People id of a SCIM user id (the UUID inside the People id).</summary>
    public static string Person(string prefix, string scimId) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(prefix + "PEOPLE/" + scimId)).TrimEnd('=');

    public static string Timestamp(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
