using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using ProfileEngine.Connectors.Scim.Connections;
using ProfileEngine.Persistence;
using ProfileEngine.Subscriptions;
using ProfileEngine.UserActivity;
using ProfileEngine.Workflows.Activities;

namespace ProfileEngine.Connectors.Scim.UserActivity;

/// <summary>
/// Update User Activity for a SCIM application: each user's last sign-in from the profile's <c>activityAttribute</c>
/// (e.g. an extension's <c>lastLogin</c>), read page by page and recorded per (user, product) ("update if later"),
/// then moved onto the subscriptions. The attribute is the application's own record of the latest sign-in over the
/// account's life, so activity is known from the earliest account's creation until this run; without an attribute
/// nothing is recorded and no coverage is written (nobody can be proven inactive).
/// </summary>
[Activity("ProfileEngine.Scim.UpdateUserActivity", Description = "Reads each SCIM user's last sign-in attribute into last activity, resumable page by page.")]
public sealed class UpdateScimActivity(IDbContextFactory<ProfileEngineDbContext> dbFactory, ConnectedScimClients clients) : WorkflowActivity
{
    [Input(Required = true, Description = "The integration profile.")]
    public Input<Guid> ProfileId { get; } = new();

    [Input(Description = "Users per page (count, 1 to 1000).")]
    public Input<int> PageSize { get; } = new();

    [Output(Description = "users, signIns, pages, subscriptionsMoved.")]
    public Output<JsonObject> Counts { get; } = new();

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var profileId = ProfileId.Get();
        var pageSize = ScimProfileRun.PageSize(PageSize.GetOrDefault(200));
        var (target, settings) = await ScimProfileRun.LoadAsync(dbFactory, profileId, cancellationToken);
        var state = context.Checkpoint is JsonObject saved
            ? saved.Deserialize<State>() ?? throw new InvalidOperationException("The activity run's checkpoint is unreadable.")
            : new State { StartedAt = context.Clock.GetUtcNow() };
        if (settings.ActivityAttribute is not { } attribute)
        {
            context.Log("The profile names no activity attribute (setting activityAttribute); no activity is known and nobody is proposed.");
            Counts.Set(new JsonObject { ["users"] = 0, ["signIns"] = 0, ["pages"] = 0, ["subscriptionsMoved"] = 0 });
            return ActivityResult.Done();
        }

        var client = await clients.CreateAsync(target.AliasName, cancellationToken);
        while (!state.PagesDone)
        {
            var page = await client.ListUsersAsync(state.NextStartIndex, pageSize, null, settings.LicenseSource, attribute, cancellationToken);
            var latest = new Dictionary<(string User, string Product), DateTimeOffset>();
            foreach (var user in page.Users.Where(u => u.LastLogin is not null))
            {
                latest[(user.Id, settings.Product)] = user.LastLogin!.Value;
            }

            state.Users += page.Users.Count;
            state.SignIns += latest.Count;
            state.Pages++;
            state.EarliestCreated = page.Users.Select(u => u.Created).Append(state.EarliestCreated).Where(c => c is not null).Min();
            state.NextStartIndex = page.NextStartIndex ?? state.NextStartIndex;
            state.PagesDone = page.NextStartIndex is null;
            var at = context.Clock.GetUtcNow();
            await context.SaveCheckpointAsync<ProfileEngineDbContext>(JsonSerializer.SerializeToNode(state), (db, ct) => LastActivityWriter.WriteAsync(db, profileId, latest, at, ct), cancellationToken);
        }

        var moved = 0;
        var now = context.Clock.GetUtcNow();
        await context.SaveCheckpointAsync<ProfileEngineDbContext>(JsonSerializer.SerializeToNode(state), async (db, ct) =>
        {
            moved = await LastActivityWriter.ApplyToSubscriptionsAsync(db, profileId, ct);
            var coveredFrom = state.EarliestCreated ?? state.StartedAt;
            var coverage = await db.Set<ActivityCoverage>().SingleOrDefaultAsync(c => c.ProfileId == profileId && c.Product == settings.Product, ct);
            if (coverage is null)
            {
                db.Add(new ActivityCoverage { ProfileId = profileId, Product = settings.Product, CoveredFrom = coveredFrom, CoveredUntil = state.StartedAt, UpdatedAt = now });
            }
            else
            {
                coverage.CoveredFrom = coveredFrom < coverage.CoveredFrom ? coveredFrom : coverage.CoveredFrom;
                coverage.CoveredUntil = state.StartedAt;
                coverage.UpdatedAt = now;
            }
        }, cancellationToken);

        context.Log($"{state.Users} user(s) in {state.Pages} page(s), {state.SignIns} with a sign-in; {moved} subscription(s) moved forward");
        Counts.Set(new JsonObject { ["users"] = state.Users, ["signIns"] = state.SignIns, ["pages"] = state.Pages, ["subscriptionsMoved"] = moved });
        return ActivityResult.Done();
    }

    /// <summary>The run's progress, kept in the workflow checkpoint with each committed page.</summary>
    private sealed class State
    {
        public DateTimeOffset StartedAt { get; set; }

        public DateTimeOffset? EarliestCreated { get; set; }

        public int NextStartIndex { get; set; } = 1;

        public bool PagesDone { get; set; }

        public int Users { get; set; }

        public int SignIns { get; set; }

        public int Pages { get; set; }
    }
}
