using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using ProfileEngine.Profiles;
using ProfileEngine.Scheduling;
using ProfileEngine.Tests.Scheduling;
using ProfileEngine.Tests.Support;
using ProfileEngine.Workflows.Loading;
using ProfileEngine.Workflows.Persistence;
using ProfileEngine.Workflows.Runtime;
using Quartz;

namespace ProfileEngine.Tests.Clustering;

/// <summary>A node dies in the middle of a scheduled download; the other node of the cluster finishes that same run.</summary>
public sealed class DownloadTakeoverTests
{
    [Fact]
    public async Task When_a_node_dies_mid_download_the_other_continues_the_same_instance_from_its_checkpoint_and_records_the_run_once()
    {
        await using var org = await ClusterOrg.StartAsync(checkinMisfireThreshold: TimeSpan.FromSeconds(10), users: 3500);
        var loaded = await org.A.Get<WorkflowDefinitionLoader>().LoadFolderAsync(RepositoryPaths.WorkflowsFolder, CancellationToken.None);
        Assert.Empty(loaded.Problems);
        await org.ConnectAsync();
        var profile = await ClusterOrg.PublishAsync(org.A, new CreateProfile("Acme Webex"));
        var peoplePages = 0;
        org.WebexA.StallBefore(r => r.RequestUri!.AbsolutePath == "/v1/people" && !r.RequestUri.Query.Contains("id=", StringComparison.Ordinal)
            && Interlocked.Increment(ref peoplePages) == 3);
        var nodeB = await org.StartNodeBAsync();
        var schedulerB = await nodeB.SchedulerAsync();
        var runsOnB = new JobRuns();
        schedulerB.ListenerManager.AddJobListener(runsOnB, GroupMatcher<JobKey>.AnyGroup());

        // Node A alone fires the publish trigger, then freezes asking Webex for the third page of people; node B joins.
        await (await org.A.SchedulerAsync()).Start();
        await org.WebexA.Reached.WaitAsync(TimeSpan.FromSeconds(30));
        await schedulerB.Start();
        var left = await nodeB.QueryDbAsync(db => db.Set<WorkflowInstanceRecord>().SingleAsync());
        var committed = await nodeB.QueryDbAsync(db => db.SoftwareSubscriptions.CountAsync());
        var vendor = org.VendorPairs();
        Assert.Equal((WorkflowStatus.Running, ClusterOrg.NodeA), (left.Status, left.OwnerNodeId));
        Assert.InRange(committed, 1, vendor.Count - 1);
        Assert.Equal(JobOutcome.Running, Assert.Single(await org.JobResultsAsync()).Outcome);

        await org.KillNodeAAsync();
        var killedAt = org.Clock.GetUtcNow();
        org.Sim.State.Requests.Clear();
        await org.LetNodeBNoticeNodeADiedAsync();
        var takeover = await runsOnB.NextAsync(run => run.JobDetail.Key.Equals(ProfileSchedule.KeyFor(profile.Id, ProfileProcess.Subscriptions)));

        // Quartz on node B recovered the dead node's run, and only once it was dead.
        Assert.True(takeover.Recovering, "node B ran the job as Quartz's recovery of node A's run");
        Assert.Equal(ProfileSchedule.PublishTrigger, takeover.RecoveringTriggerKey!.Name);
        Assert.True(takeover.FireTimeUtc > killedAt, "node B took the run over only after node A died");

        // The same instance went on from its last committed page to the end: one instance, one result, no row twice.
        var instance = await nodeB.QueryDbAsync(db => db.Set<WorkflowInstanceRecord>().SingleAsync());
        Assert.Equal((left.Id, WorkflowStatus.Finished, null), (instance.Id, instance.Status, instance.OwnerNodeId));
        var result = Assert.Single(await org.JobResultsAsync());
        Assert.Equal((JobOutcome.Succeeded, ProfileSchedule.PublishTrigger, left.Id, null), (result.Outcome, result.FiredBy, result.WorkflowInstanceId, result.Error));
        var rows = await nodeB.QueryDbAsync(db => db.SoftwareSubscriptions.AsNoTracking().Select(s => new { s.ExternalUserId, s.Identifier }).ToListAsync());
        Assert.Equal(vendor, rows.Select(r => (r.ExternalUserId, r.Identifier)).ToHashSet());
        Assert.Equal(vendor.Count, rows.Count);
        var counts = JsonNode.Parse(result.Counts!)!;
        Assert.Equal((rows.Count, 0, 4), (counts["inserted"]!.GetValue<int>(), counts["updated"]!.GetValue<int>(), counts["pages"]!.GetValue<int>()));
        var details = await nodeB.Get<IWorkflowRuntime>().GetAsync(left.Id);
        Assert.Single(details!.Executions, e => e.ActivityId == "DownloadSubscriptions");
        var listings = org.Sim.State.Requests.Snapshot().Where(r => r.Path == "/v1/people").ToList();
        Assert.NotEmpty(listings);
        Assert.All(listings, r => Assert.Contains("cursor=", r.Query, StringComparison.Ordinal));
    }
}
