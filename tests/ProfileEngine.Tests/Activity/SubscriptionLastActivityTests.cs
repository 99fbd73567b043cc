using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using ProfileEngine.Profiles;
using ProfileEngine.Tests.Subscriptions;
using ProfileEngine.WebexSimulator.Org;
using ProfileEngine.Workflows.Persistence;
using ProfileEngine.Workflows.Runtime;

namespace ProfileEngine.Tests.Activity;

/// <summary>Download, then Update User Activity: each subscription carries its person's latest activity with its product.</summary>
public sealed class SubscriptionLastActivityTests
{
    [Fact]
    public async Task Subscriptions_get_the_latest_activity_of_their_person_with_their_product_and_never_move_back()
    {
        await using var org = await DownloadOrg.StartAsync(users: 120);
        await org.RunAsync();
        var runtime = org.Engine.Get<IWorkflowRuntime>();
        var input = new JsonObject { ["profileId"] = org.ProfileId.ToString() };

        var run = await runtime.StartAsync(DefaultSubflows.Activity, input, org.ProfileId.ToString());

        Assert.True(run.Status == WorkflowStatus.Finished, run.FaultMessage);
        var products = await org.Engine.QueryDbAsync(db => db.SoftwareModels.AsNoTracking().ToDictionaryAsync(m => m.Id, m => m.Product));
        var expected = Expected(org, org.Clock.GetUtcNow().AddDays(-60));
        var subscriptions = await org.SubscriptionsAsync();
        Assert.NotEmpty(subscriptions);
        var withActivity = 0;
        foreach (var subscription in subscriptions)
        {
            var want = expected.TryGetValue((subscription.ExternalUserId, products[subscription.ModelId!.Value]), out var at) ? at : (DateTimeOffset?)null;
            Assert.Equal(want, subscription.LastActivity);
            withActivity += want is null ? 0 : 1;
        }

        Assert.True(withActivity > 0);
        var counts = (await runtime.GetAsync(run.InstanceId))!.Variables["counts"]!;
        Assert.Equal(withActivity, counts["subscriptionsMovedForward"]!.GetValue<int>());

        // A later run with nothing new changes nothing; last activity never moves back.
        org.Clock.Advance(TimeSpan.FromHours(1));
        var again = await runtime.StartAsync(DefaultSubflows.Activity, (JsonObject)input.DeepClone(), org.ProfileId.ToString());
        Assert.Equal(0, (await runtime.GetAsync(again.InstanceId))!.Variables["counts"]!["subscriptionsMovedForward"]!.GetValue<int>());
        Assert.Equal(subscriptions.Select(s => s.LastActivity), (await org.SubscriptionsAsync()).Select(s => s.LastActivity));
    }

    private static Dictionary<(string User, string Product), DateTimeOffset> Expected(DownloadOrg org, DateTimeOffset from) =>
        SimulatedActivity.Latest(org.Sim.State.Data, from);
}
