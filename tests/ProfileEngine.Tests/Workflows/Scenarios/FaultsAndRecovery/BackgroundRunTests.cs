using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ProfileEngine.Workflows.Hosting;
using ProfileEngine.Workflows.Persistence;
using ProfileEngine.Workflows.Runtime;

namespace ProfileEngine.Tests.Workflows;

/// <summary>Runs handed to a node's dispatcher: committed before the call returns, bounded, and never lost when the node stops.</summary>
public sealed class BackgroundRunTests
{
    private static Action<IServiceCollection> Node(string nodeId, int slots) =>
        s => s.Configure<WorkflowRuntimeOptions>(o =>
        {
            o.NodeId = nodeId;
            o.MaxBackgroundRuns = slots;
        });

    [Fact]
    public async Task A_background_start_returns_committed_and_Running_and_runs_no_more_at_once_than_the_node_has_slots()
    {
        await using var harness = await WorkflowHarness.StartAsync(Node("node-a", slots: 1));
        await harness.ImportScenarioAsync("FaultsAndRecovery", "pager.json");
        var script = harness.Get<TestActivities.Script>();
        script.PauseAfterPage = 1;

        WorkflowRunResult first, second;
        using (WorkflowDispatch.InBackground())
        {
            first = await harness.Runtime.StartAsync("pager");
            second = await harness.Runtime.StartAsync("pager");
        }

        await script.Paused.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var rows = await harness.QueryAsync(db => db.Set<WorkflowInstanceRecord>().AsNoTracking().ToListAsync());
        var busy = harness.Runtime.BackgroundRuns;
        script.Continue.SetResult();
        await harness.Runtime.WaitForBackgroundRunsAsync().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal((WorkflowStatus.Running, WorkflowStatus.Running), (first.Status, second.Status));
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.Equal(("node-a", WorkflowStatus.Running), (r.OwnerNodeId, r.Status)));
        Assert.Equal(new WorkflowDispatcherState(Queued: 1, Running: 1, Capacity: 1, Stopped: false), busy);
        Assert.Equal(WorkflowStatus.Finished, (await harness.DetailsAsync(first.InstanceId)).Summary.Status);
        Assert.Equal(WorkflowStatus.Finished, (await harness.DetailsAsync(second.InstanceId)).Summary.Status);
        Assert.Equal([1, 2, 3, 4, 5, 1, 2, 3, 4, 5], script.PagesProcessed);
    }

    [Fact]
    public async Task A_node_that_stops_leaves_its_running_and_queued_runs_unowned_and_another_node_finishes_them_from_their_checkpoints()
    {
        await using var nodeA = await WorkflowHarness.StartAsync(Node("node-a", slots: 1));
        await nodeA.ImportScenarioAsync("FaultsAndRecovery", "pager.json");
        var scriptA = nodeA.Get<TestActivities.Script>();
        scriptA.PauseAfterPage = 2;
        WorkflowRunResult running, queued;
        using (WorkflowDispatch.InBackground())
        {
            running = await nodeA.Runtime.StartAsync("pager");
            queued = await nodeA.Runtime.StartAsync("pager");
        }

        await scriptA.Paused.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await nodeA.Runtime.StopBackgroundRunsAsync();
        await nodeA.Runtime.WaitForBackgroundRunsAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var left = await nodeA.QueryAsync(db => db.Set<WorkflowInstanceRecord>().AsNoTracking().ToListAsync());
        var stopped = nodeA.Runtime.BackgroundRuns;
        await using var nodeB = await WorkflowHarness.StartAsync(Node("node-b", slots: 4), sameFolderAs: nodeA);
        var recovered = await nodeB.Runtime.RecoverAsync();

        Assert.True(stopped.Stopped);
        Assert.All(left, r => Assert.Equal((WorkflowStatus.Running, (string?)null), (r.Status, r.OwnerNodeId)));
        Assert.Equal(2, recovered);
        Assert.Equal([1, 2], scriptA.PagesProcessed);
        // The interrupted run goes on from its checkpoint (page 3), the queued one from its start; in either order.
        Assert.Equal([1, 2, 3, 3, 4, 4, 5, 5], nodeB.Get<TestActivities.Script>().PagesProcessed.Order());
        Assert.Equal(WorkflowStatus.Finished, (await nodeB.DetailsAsync(running.InstanceId)).Summary.Status);
        Assert.Equal(WorkflowStatus.Finished, (await nodeB.DetailsAsync(queued.InstanceId)).Summary.Status);
    }
}
