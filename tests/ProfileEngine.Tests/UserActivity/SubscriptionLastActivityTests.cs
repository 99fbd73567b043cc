using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using ProfileEngine.Connectors.Webex.UserActivity;
using ProfileEngine.Connectors.Webex;
using ProfileEngine.Profiles;
using ProfileEngine.Tests.Subscriptions;
using ProfileEngine.UserActivity;
using ProfileEngine.WebexSimulator.Org;
using ProfileEngine.Workflows.Persistence;
using ProfileEngine.Workflows.Runtime;

namespace ProfileEngine.Tests.UserActivity;

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

        var run = await runtime.StartAsync(WebexSubflows.Activity, input, org.ProfileId.ToString());

        Assert.True(run.Status == WorkflowStatus.Finished, run.FaultMessage);
        var products = await org.Engine.QueryDbAsync(db => db.SoftwareModels.AsNoTracking().ToDictionaryAsync(m => m.Id, m => m.Product));
        var expected = Expected(org, UpdateUserActivity.EarliestServed(org.Clock.GetUtcNow()));
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
        var again = await runtime.StartAsync(WebexSubflows.Activity, (JsonObject)input.DeepClone(), org.ProfileId.ToString());
        Assert.Equal(0, (await runtime.GetAsync(again.InstanceId))!.Variables["counts"]!["subscriptionsMovedForward"]!.GetValue<int>());
        Assert.Equal(subscriptions.Select(s => s.LastActivity), (await org.SubscriptionsAsync()).Select(s => s.LastActivity));
    }

    [Fact]
    public async Task Meetings_hosting_is_read_from_each_sites_usage_report_and_never_from_the_meetings_list()
    {
        await using var org = await DownloadOrg.StartAsync(users: 120);
        await org.RunAsync();
        org.Sim.State.Requests.Clear();

        var run = await org.Engine.Get<IWorkflowRuntime>().StartAsync(WebexSubflows.Activity, new JsonObject { ["profileId"] = org.ProfileId.ToString() }, org.ProfileId.ToString());

        Assert.True(run.Status == WorkflowStatus.Finished, run.FaultMessage);
        var requests = org.Sim.State.Requests.Snapshot();
        // Webex's /v1/meetings lists the caller's own meetings only: read org-wide, it would make almost every host look inactive.
        Assert.DoesNotContain(requests, r => r.Path == "/v1/meetings" || r.Path.StartsWith("/v1/meetings/", StringComparison.Ordinal));
        Assert.Contains(requests, r => r.Path == "/v1/meetingReports/usage" && r.Query.Contains("serviceType=MeetingCenter", StringComparison.Ordinal));
        var products = await org.Engine.QueryDbAsync(db => db.SoftwareModels.AsNoTracking().ToDictionaryAsync(m => m.Id, m => m.Product));
        var expected = Expected(org, UpdateUserActivity.EarliestServed(org.Clock.GetUtcNow()));
        var meetings = (await org.SubscriptionsAsync()).Where(s => products[s.ModelId!.Value] == "Webex Meetings").ToList();
        Assert.Contains(meetings, s => s.LastActivity is not null);
        Assert.All(meetings, s => Assert.Equal(expected.TryGetValue((s.ExternalUserId, "Webex Meetings"), out var at) ? at : null, s.LastActivity));
    }

    [Theory]
    [InlineData("Webex Training", "training")]
    [InlineData("Webex Events", "event")]
    [InlineData("Webex Support", "support")]
    public async Task Hosting_a_session_counts_for_its_product_attending_does_not_and_hosts_without_a_subscription_are_ignored(string product, string kind)
    {
        await using var org = await DownloadOrg.StartAsync(users: 120);
        await org.RunAsync();
        var runtime = org.Engine.Get<IWorkflowRuntime>();
        var input = new JsonObject { ["profileId"] = org.ProfileId.ToString() };
        var products = await org.Engine.QueryDbAsync(db => db.SoftwareModels.AsNoTracking().ToDictionaryAsync(m => m.Id, m => m.Product));
        var holders = (await org.SubscriptionsAsync()).Where(s => products[s.ModelId!.Value] == product).Select(s => s.ExternalUserId).ToList();
        Assert.True(holders.Count >= 2, $"only {holders.Count} {product} subscriptions");
        var data = org.Sim.State.Data;
        var (host, attendee) = (holders[0], holders[1]);
        var outsider = data.People.First(p => p.Ordinal > 1 && p.Type == PersonType.Person && p.LicenseBits == (p.LicenseBits & FreeLicenses(data)));
        var now = org.Clock.GetUtcNow();
        var hostedAt = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero).AddHours(-3);
        org.Sim.State.AppendActivity(host, kind + "Hosted", hostedAt);
        org.Sim.State.AppendActivity(attendee, kind + "Attended", now.AddHours(-1));
        org.Sim.State.AppendActivity(outsider.Id, kind + "Hosted", now.AddHours(-2));
        var before = SimulatedActivity.Latest(data, UpdateUserActivity.EarliestServed(now));

        var run = await runtime.StartAsync(WebexSubflows.Activity, input, org.ProfileId.ToString());

        Assert.True(run.Status == WorkflowStatus.Finished, run.FaultMessage);
        var subscriptions = (await org.SubscriptionsAsync()).Where(s => products[s.ModelId!.Value] == product).ToDictionary(s => s.ExternalUserId);
        Assert.Equal(hostedAt, subscriptions[host].LastActivity);
        Assert.Equal(before.TryGetValue((attendee, product), out var attended) ? attended : null, subscriptions[attendee].LastActivity);
        Assert.All(subscriptions.Values, s => Assert.Equal(before.TryGetValue((s.ExternalUserId, product), out var at) ? at : null, s.LastActivity));
        var counts = (await runtime.GetAsync(run.InstanceId))!.Variables["counts"]!;
        Assert.True(counts["hostsWithoutSubscription"]!.GetValue<long>() >= 1);
        var outsiderRows = await org.Engine.QueryDbAsync(db => db.Set<LastActivity>().CountAsync(a => a.ExternalUserId == outsider.Id));
        Assert.Equal(0, outsiderRows);
        var watermark = await org.Engine.QueryDbAsync(db => db.SyncWatermarks.SingleAsync(w => w.ProfileId == org.ProfileId && w.Stream == "activity-meetingReports-" + ServiceTypeOf(product)));
        Assert.Equal(now, watermark.Value);

        org.Clock.Advance(TimeSpan.FromHours(1));
        var again = await runtime.StartAsync(WebexSubflows.Activity, (JsonObject)input.DeepClone(), org.ProfileId.ToString());
        Assert.Equal(0, (await runtime.GetAsync(again.InstanceId))!.Variables["counts"]!["subscriptionsMovedForward"]!.GetValue<int>());
        Assert.Equal(
            subscriptions.Values.OrderBy(s => s.Id).Select(s => s.LastActivity),
            (await org.SubscriptionsAsync()).Where(s => products[s.ModelId!.Value] == product).OrderBy(s => s.Id).Select(s => s.LastActivity));
    }

    private static string ServiceTypeOf(string product) => product switch
    {
        "Webex Training" => "TrainingCenter",
        "Webex Events" => "EventCenter",
        _ => "SupportCenter",
    };

    private static ulong FreeLicenses(OrgData data) =>
        data.Licenses.Where(l => l.TotalUnits == 0).Aggregate(0UL, (bits, l) => bits | (1UL << l.Index));

    private static Dictionary<(string User, string Product), DateTimeOffset> Expected(DownloadOrg org, DateTimeOffset from) =>
        SimulatedActivity.Latest(org.Sim.State.Data, from);
}
