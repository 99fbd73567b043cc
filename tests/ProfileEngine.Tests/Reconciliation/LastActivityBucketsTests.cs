using ProfileEngine.Reconciliation;
using ProfileEngine.Tests.Support;

namespace ProfileEngine.Tests.Reconciliation;

public sealed class LastActivityBucketsTests
{
    [Fact]
    public async Task Assigned_subscriptions_are_counted_by_days_since_activity_per_model_and_per_profile()
    {
        await using var engine = await EngineHarness.StartAsync();
        var data = new MoneyData(engine);
        var acme = await data.ProfileAsync("Acme");
        var globex = await data.ProfileAsync("Globex");
        var calling = await data.ModelAsync("Calling Professional");
        var meetings = await data.ModelAsync("Meetings");
        var free = await data.ModelAsync("Free Messaging", free: true);
        foreach (var days in new double?[] { 0, 29.9, 30, 59.9, 60, 89.9, 90, 119.9, 120, 400, null, null })
        {
            await data.SubscriptionsAsync(acme, calling, daysSinceActivity: days);
        }

        await data.SubscriptionsAsync(globex, meetings, daysSinceActivity: -1);
        await data.SubscriptionsAsync(globex, calling, daysSinceActivity: 45);
        // Not assigned: excluded, inactive, or of a free model.
        await data.SubscriptionsAsync(acme, calling, daysSinceActivity: 10, excluded: true);
        await data.SubscriptionsAsync(acme, calling, daysSinceActivity: 10, active: false);
        await data.SubscriptionsAsync(acme, free, daysSinceActivity: 10);

        var snapshot = await engine.SendAsync(s => s.Send(new GetLastActivityBuckets()));

        Assert.Equal(EngineHarness.Start, snapshot.At);
        Assert.Equal(
            [
                ("Cisco Webex Calling Professional", new ActivityBuckets(2, 3, 2, 2, 2, 2)),
                ("Cisco Webex Meetings", new ActivityBuckets(1, 0, 0, 0, 0, 0)),
            ],
            snapshot.ByModel.Select(m => (m.ModelName, m.Buckets)));
        Assert.Equal(
            [("Acme", new ActivityBuckets(2, 2, 2, 2, 2, 2)), ("Globex", new ActivityBuckets(1, 1, 0, 0, 0, 0))],
            snapshot.ByProfile.Select(p => (p.ProfileName, p.Buckets)));
        Assert.Equal(12, snapshot.ByProfile[0].Buckets.Total);
    }
}
