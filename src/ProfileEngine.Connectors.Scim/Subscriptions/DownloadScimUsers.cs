using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using ProfileEngine.Connectors.Scim.Client;
using ProfileEngine.Connectors.Scim.Connections;
using ProfileEngine.Persistence;
using ProfileEngine.Subscriptions;
using ProfileEngine.Workflows.Activities;

namespace ProfileEngine.Connectors.Scim.Subscriptions;

/// <summary>
/// Download Subscriptions for a SCIM application: <c>GET /Users</c> page by page (RFC 7644 §3.4.2.4, 1-based
/// <c>startIndex</c>), one subscription per (active user, paid license) where the licenses are the profile's
/// <c>licenseSource</c> (entitlements, roles or groups). Each license value gets a profile license and a software model
/// (publisher and product from the profile's settings, the value's name as edition) on first sight. Every page commits
/// with its checkpoint, so a crash resumes from the last committed page. Full mode afterwards deactivates the pairs it
/// did not see; incremental mode reads only the users changed since the watermark
/// (<c>filter=meta.lastModified ge "…"</c>, RFC 7644 §3.4.2.2).
/// </summary>
[Activity("ProfileEngine.Scim.DownloadUsers", Description = "Downloads a SCIM application's users and their licenses into software subscriptions (full or incremental), resumable page by page.")]
public sealed class DownloadScimUsers(
    IDbContextFactory<ProfileEngineDbContext> dbFactory,
    ConnectedScimClients clients,
    IEnumerable<ISubscriptionDeactivationHook> hooks) : WorkflowActivity
{
    public const string UsersStream = "scim-users";
    public const string FullMode = "full";
    public const string IncrementalMode = "incremental";

    [Input(Required = true, Description = "The integration profile.")]
    public Input<Guid> ProfileId { get; } = new();

    [Input(Description = "full (default) or incremental; incremental falls back to full without a watermark.")]
    public Input<string> Mode { get; } = new();

    [Input(Description = "Users per page (count, 1 to 1000; the application may answer with fewer).")]
    public Input<int> PageSize { get; } = new();

    [Output(Description = "fetched, inserted, updated, unchanged, deactivated, pages, licenses.")]
    public Output<JsonObject> Counts { get; } = new();

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var profileId = ProfileId.Get();
        var pageSize = ScimProfileRun.PageSize(PageSize.GetOrDefault(200));
        var (target, settings) = await ScimProfileRun.LoadAsync(dbFactory, profileId, cancellationToken);
        State state;
        Dictionary<string, ProfileLicense> licenses;
        HashSet<string> excludedIdentifiers;
        HashSet<string> excludedUsers;
        var now = context.Clock.GetUtcNow();
        await using (var read = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            state = context.Checkpoint is JsonObject saved
                ? saved.Deserialize<State>() ?? throw new InvalidOperationException("The download's checkpoint is unreadable.")
                : await StartAsync(read, profileId, Mode.GetOrDefault(FullMode), cancellationToken);
            licenses = await read.ProfileLicenses.AsNoTracking().Where(l => l.ProfileId == profileId).ToDictionaryAsync(l => l.Identifier, StringComparer.Ordinal, cancellationToken);
            excludedIdentifiers = (await read.SubscriptionIdentifierExclusions.AsNoTracking().Where(r => r.Active && r.ProfileType == target.ProfileType).Select(r => r.Identifier).ToListAsync(cancellationToken))
                .ToHashSet(StringComparer.OrdinalIgnoreCase);
            excludedUsers = (await read.UserExclusions.AsNoTracking().Where(r => r.Active).ToListAsync(cancellationToken))
                .Where(u => u.AppliesAt(now)).Select(u => u.UserPrincipalName).ToHashSet(StringComparer.OrdinalIgnoreCase);
        }

        var client = await clients.CreateAsync(target.AliasName, cancellationToken);
        var filter = state.Mode == IncrementalMode && state.Watermark is { } mark
            // ge, not gt: a user changed in the same instant as the watermark after that read is read again, not missed.
            ? $"meta.lastModified ge \"{mark.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture)}\""
            : null;
        while (!state.PagesDone)
        {
            var page = await client.ListUsersAsync(state.NextStartIndex, pageSize, filter, settings.LicenseSource, settings.ActivityAttribute, cancellationToken);
            var seen = page.Users.SelectMany(u => u.Licenses).Where(l => !licenses.ContainsKey(l.Identifier)).DistinctBy(l => l.Identifier).ToList();
            var personIds = page.Users.Select(u => u.Id).ToList();
            var at = context.Clock.GetUtcNow();
            NewLicenses added;
            SubscriptionPagePlan plan;
            await using (var read = await dbFactory.CreateDbContextAsync(cancellationToken))
            {
                added = await NewLicensesAsync(read, profileId, target.ProfileType, settings, seen, at, cancellationToken);
                foreach (var license in added.Licenses)
                {
                    licenses[license.Identifier] = license;
                }

                plan = await SubscriptionBulkWriter.PlanAsync(read, profileId, personIds, Rows(page.Users, licenses, excludedIdentifiers, excludedUsers), keepStatusWhenAbsent: false, cancellationToken);
            }

            state.Add(plan);
            state.Fetched += page.Users.Count;
            state.Pages++;
            state.MaxModified = page.Users.Select(u => u.LastModified).Append(state.MaxModified).Max();
            state.NextStartIndex = page.NextStartIndex ?? state.NextStartIndex;
            state.PagesDone = page.NextStartIndex is null;
            await context.SaveCheckpointAsync<ProfileEngineDbContext>(JsonSerializer.SerializeToNode(state), async (db, ct) =>
            {
                db.SoftwareModels.AddRange(added.Models);
                db.ProfileLicenses.AddRange(added.Licenses);
                await db.SaveChangesAsync(ct);
                await SubscriptionBulkWriter.ApplyAsync(db, profileId, plan, state.Stamp, at, ct);
                await NotifyDeactivatedAsync(db, profileId, plan.Deactivations, at, ct);
            }, cancellationToken);
        }

        await FinishAsync(context, profileId, state, cancellationToken);
        context.Log($"{state.Mode}: {state.Fetched} user(s) in {state.Pages} page(s), {state.Inserted} inserted, {state.Updated} updated, {state.Deactivated} deactivated");
        Counts.Set(new JsonObject
        {
            ["mode"] = state.Mode, ["fetched"] = state.Fetched, ["inserted"] = state.Inserted, ["updated"] = state.Updated, ["unchanged"] = state.Unchanged,
            ["deactivated"] = state.Deactivated, ["pages"] = state.Pages, ["licenses"] = licenses.Count,
        });
        return ActivityResult.Done();
    }

    private static async Task<State> StartAsync(ProfileEngineDbContext db, Guid profileId, string requested, CancellationToken cancellationToken)
    {
        if (requested is not (FullMode or IncrementalMode))
        {
            throw new InvalidOperationException($"mode must be '{FullMode}' or '{IncrementalMode}', not '{requested}'.");
        }

        var watermark = await db.SyncWatermarks.AsNoTracking().Where(w => w.ProfileId == profileId && w.Stream == UsersStream).Select(w => (DateTimeOffset?)w.Value).SingleOrDefaultAsync(cancellationToken);
        var mode = requested == IncrementalMode && watermark is not null ? IncrementalMode : FullMode;
        // A random stamp, so two full runs at the same instant still tell their rows apart.
        return new State { Mode = mode, Stamp = Random.Shared.NextInt64(1, long.MaxValue), Watermark = watermark };
    }

    private static List<SubscriptionRow> Rows(
        IReadOnlyList<ScimUserRecord> users, Dictionary<string, ProfileLicense> licenses, HashSet<string> excludedIdentifiers, HashSet<string> excludedUsers)
    {
        var rows = new List<SubscriptionRow>();
        foreach (var user in users.Where(u => u.Active))
        {
            var userExcluded = excludedUsers.Contains(user.UserName);
            foreach (var license in user.Licenses)
            {
                var known = licenses[license.Identifier];
                if (known.IsFree)
                {
                    continue;
                }

                rows.Add(new SubscriptionRow(
                    user.Id, license.Identifier, user.UserName, user.DisplayName, known.ModelId, user.Created, null, user.Active, null, null, null, null,
                    userExcluded || excludedIdentifiers.Contains(license.Identifier)));
            }
        }

        return rows;
    }

    private sealed record NewLicenses(List<SoftwareModel> Models, List<ProfileLicense> Licenses);

    /// <summary>Licenses seen for the first time: a profile license each, mapped to its software model (made when there is none).</summary>
    private static async Task<NewLicenses> NewLicensesAsync(
        ProfileEngineDbContext db, Guid profileId, string profileType, ScimProfileSettings settings, List<ScimLicense> seen, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var added = new NewLicenses([], []);
        foreach (var license in seen)
        {
            var free = settings.FreeLicenses.Contains(license.Identifier);
            var edition = license.Name.Length > 300 ? license.Name[..300] : license.Name;
            var model = added.Models.FirstOrDefault(m => m.Edition == edition)
                ?? await db.SoftwareModels.AsNoTracking().SingleOrDefaultAsync(m => m.Publisher == settings.Publisher && m.Product == settings.Product && m.Edition == edition, cancellationToken);
            if (model is null)
            {
                model = new SoftwareModel
                {
                    Id = Guid.CreateVersion7(now),
                    ProfileType = profileType,
                    Publisher = settings.Publisher,
                    Product = settings.Product,
                    Edition = edition,
                    IsFree = free,
                    CreatedAt = now,
                    UpdatedAt = now,
                };
                added.Models.Add(model);
            }

            added.Licenses.Add(new ProfileLicense
            {
                ProfileId = profileId,
                Identifier = license.Identifier,
                Name = license.Name,
                ModelId = model.Id,
                IsFree = free,
                Active = true,
                FirstSeenAt = now,
                LastSeenAt = now,
            });
        }

        return added;
    }

    private async Task FinishAsync(ActivityContext context, Guid profileId, State state, CancellationToken cancellationToken)
    {
        List<long> unseen = [];
        if (state.Mode == FullMode)
        {
            await using var read = await dbFactory.CreateDbContextAsync(cancellationToken);
            unseen = await SubscriptionBulkWriter.UnseenAsync(read, profileId, state.Stamp, cancellationToken);
        }

        state.Deactivated += unseen.Count;
        var at = context.Clock.GetUtcNow();
        var watermark = state.MaxModified ?? state.Watermark;
        await context.SaveCheckpointAsync<ProfileEngineDbContext>(JsonSerializer.SerializeToNode(state), async (db, ct) =>
        {
            await SubscriptionBulkWriter.DeactivateAsync(db, unseen, at, ct);
            await NotifyDeactivatedAsync(db, profileId, unseen, at, ct);
            if (watermark is { } value)
            {
                var mark = await db.SyncWatermarks.SingleOrDefaultAsync(w => w.ProfileId == profileId && w.Stream == UsersStream, ct);
                if (mark is null)
                {
                    db.SyncWatermarks.Add(new SyncWatermark { ProfileId = profileId, Stream = UsersStream, Value = value, UpdatedAt = at });
                }
                else
                {
                    mark.Value = value;
                    mark.UpdatedAt = at;
                }
            }
        }, cancellationToken);
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

    /// <summary>The run's progress, kept in the workflow checkpoint with each committed page.</summary>
    private sealed class State
    {
        public required string Mode { get; set; }

        public long Stamp { get; set; }

        public DateTimeOffset? Watermark { get; set; }

        public DateTimeOffset? MaxModified { get; set; }

        public int NextStartIndex { get; set; } = 1;

        public bool PagesDone { get; set; }

        public int Fetched { get; set; }

        public int Pages { get; set; }

        public int Inserted { get; set; }

        public int Updated { get; set; }

        public int Unchanged { get; set; }

        public int Deactivated { get; set; }

        public void Add(SubscriptionPagePlan plan)
        {
            Inserted += plan.Inserts.Count;
            Updated += plan.Updates.Count;
            Unchanged += plan.Unchanged.Count;
            Deactivated += plan.Deactivations.Count;
        }
    }
}
