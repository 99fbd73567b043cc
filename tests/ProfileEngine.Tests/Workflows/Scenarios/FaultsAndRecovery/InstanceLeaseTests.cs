using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using ProfileEngine.Workflows.Hosting;
using ProfileEngine.Workflows.Persistence;
using ProfileEngine.Workflows.Runtime;

namespace ProfileEngine.Tests.Workflows;

/// <summary>Two nodes on one database: the owner lease decides who may run a Running instance.</summary>
public sealed class InstanceLeaseTests
{
    private static Action<IServiceCollection> Node(string nodeId) =>
        s => s.Configure<WorkflowRuntimeOptions>(o =>
        {
            o.NodeId = nodeId;
            o.LeaseDuration = TimeSpan.FromMinutes(1);
        });

    [Fact]
    public async Task A_live_nodes_instance_is_left_alone_and_a_dead_nodes_is_continued_from_its_checkpoint_once_its_lease_runs_out()
    {
        // Each node has its own clock: node A's never moves, so its heartbeat never beats again, as if the process had died.
        await using var nodeA = await WorkflowHarness.StartAsync(Node("node-a"), clock: new FakeTimeProvider(WorkflowHarness.Epoch));
        await nodeA.ImportScenarioAsync("FaultsAndRecovery", "pager.json");
        var scriptA = nodeA.Get<TestActivities.Script>();
        scriptA.PauseAfterPage = 2;
        var runOnA = nodeA.Runtime.StartAsync("pager");
        await scriptA.Paused.Task;
        var clockB = new FakeTimeProvider(WorkflowHarness.Epoch);
        await using var nodeB = await WorkflowHarness.StartAsync(Node("node-b"), sameFolderAs: nodeA, clock: clockB);

        var held = await nodeB.QueryAsync(db => db.Set<WorkflowInstanceRecord>().SingleAsync());
        var takenWhileLive = await nodeB.Runtime.RecoverAsync();
        clockB.Advance(TimeSpan.FromSeconds(59));
        var takenJustBeforeExpiry = await nodeB.Runtime.RecoverAsync();
        clockB.Advance(TimeSpan.FromSeconds(2));
        var takenAfterExpiry = await nodeB.Runtime.RecoverAsync();

        Assert.Equal(WorkflowStatus.Running, held.Status);
        Assert.Equal("node-a", held.OwnerNodeId);
        Assert.Equal(WorkflowHarness.Epoch.AddMinutes(1), held.LeaseExpiresAt);
        Assert.Equal(0, takenWhileLive);
        Assert.Equal(0, takenJustBeforeExpiry);
        Assert.Equal(1, takenAfterExpiry);
        Assert.Equal([3, 4, 5], nodeB.Get<TestActivities.Script>().PagesProcessed);
        var details = await nodeB.DetailsAsync(held.Id);
        Assert.Equal(WorkflowStatus.Finished, details.Summary.Status);
        Assert.Equal(["pages: 5"], details.Log.Select(l => l.Message));
        Assert.Single(details.Executions, e => e.ActivityId == "Download");

        // The "dead" node wakes up: its stale write is refused, so nothing it does after losing the lease counts.
        scriptA.Continue.SetResult();
        await Assert.ThrowsAnyAsync<Exception>(() => runOnA);
        var after = await nodeB.QueryAsync(db => db.Set<WorkflowInstanceRecord>().SingleAsync());
        Assert.Equal(WorkflowStatus.Finished, after.Status);
        Assert.Null(after.OwnerNodeId);
        Assert.Null(after.LeaseExpiresAt);
        Assert.Equal(["pages: 5"], await nodeB.LogAsync(held.Id));
    }

    [Fact]
    public async Task A_resume_while_another_live_node_holds_the_lease_changes_nothing_and_goes_through_once_the_lease_runs_out()
    {
        await using var harness = await WorkflowHarness.StartAsync(Node("node-b"));
        await harness.ImportAsync(RunConnectionTests.WaitForApproval);
        var started = await harness.Runtime.StartAsync("wait-for-approval", correlationId: "candidate-7");
        await harness.QueryAsync(db => db.Set<WorkflowInstanceRecord>()
            .ExecuteUpdateAsync(u => u.SetProperty(i => i.OwnerNodeId, "node-a").SetProperty(i => i.LeaseExpiresAt, WorkflowHarness.Epoch.AddMinutes(1))));

        var refused = await Assert.ThrowsAsync<WorkflowStateException>(() => harness.Runtime.PublishEventAsync("Approved", "candidate-7", new JsonObject { ["answer"] = "yes" }));
        var untouched = await harness.QueryAsync(db => db.Set<WorkflowInstanceRecord>().SingleAsync());
        var stillWaiting = await harness.QueryAsync(db => db.Set<WorkflowBookmarkRecord>().SingleAsync());
        harness.Clock.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        var resumed = await harness.Runtime.PublishEventAsync("Approved", "candidate-7", new JsonObject { ["answer"] = "yes" });

        Assert.Contains("being run by another node", refused.Message, StringComparison.Ordinal);
        Assert.Equal(WorkflowStatus.Suspended, untouched.Status);
        Assert.Equal(1, untouched.Revision);
        Assert.Equal("node-a", untouched.OwnerNodeId);
        Assert.Null(stillWaiting.ResumedAt);
        var result = Assert.Single(resumed);
        Assert.Equal(ResumeOutcome.Resumed, result.Outcome);
        Assert.Equal(WorkflowStatus.Finished, result.Run!.Status);
        var finished = await harness.QueryAsync(db => db.Set<WorkflowInstanceRecord>().SingleAsync());
        Assert.Equal(started.InstanceId, finished.Id);
        Assert.Null(finished.OwnerNodeId);
        Assert.Equal("yes", (await harness.VariableAsync(finished.Id, "Decision"))?["answer"]?.GetValue<string>());
    }

    [Fact]
    public async Task A_finished_run_leaves_its_instance_unowned()
    {
        await using var harness = await WorkflowHarness.StartAsync(Node("node-a"));
        await harness.ImportScenarioAsync("FaultsAndRecovery", "pager.json");

        var run = await harness.Runtime.StartAsync("pager");

        RunAssert.Finished(run);
        var row = await harness.QueryAsync(db => db.Set<WorkflowInstanceRecord>().SingleAsync());
        Assert.Null(row.OwnerNodeId);
        Assert.Null(row.LeaseExpiresAt);
    }
}
