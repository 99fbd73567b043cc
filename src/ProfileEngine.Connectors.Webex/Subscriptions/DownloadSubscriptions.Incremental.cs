using System.Net;
using Microsoft.Extensions.Logging;
using ProfileEngine.Connectors.Webex;
using ProfileEngine.Connectors.Webex.Models;
using ProfileEngine.Persistence;
using ProfileEngine.Subscriptions;
using ProfileEngine.Workflows.Activities;
using ProfileEngine.Connectors.Webex.Connections;

namespace ProfileEngine.Connectors.Webex.Subscriptions;

/// <summary>Incremental mode: the people SCIM says changed since the watermark, re-read one by one and applied as pages.</summary>
public sealed partial class DownloadSubscriptions
{
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
}
