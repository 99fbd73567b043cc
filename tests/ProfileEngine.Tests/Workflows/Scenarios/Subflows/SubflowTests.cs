using Microsoft.EntityFrameworkCore;
using ProfileEngine.Workflows.Persistence;
using ProfileEngine.Workflows.Runtime;

namespace ProfileEngine.Tests.Workflows;

/// <summary>
/// Scenario Subflows: a workflow definition used as an activity, in Elsa's shape (type = the child's name, with
/// workflowDefinitionId): inputs in, outputs back, waiting durably for a child that suspends, faults passed up.
/// </summary>
public sealed class SubflowTests
{
    [Fact]
    public async Task The_child_gets_the_inputs_and_the_parent_gets_its_outputs()
    {
        await using var harness = await WorkflowHarness.StartAsync();
        await harness.ImportScenarioAsync("Subflows", "greet-child.json");
        await harness.ImportScenarioAsync("Subflows", "greet-parent.json");

        var run = await harness.Runtime.StartAsync("greet-parent");

        RunAssert.Finished(run);
        Assert.Equal(["child said: Hello Ann!"], await harness.LogAsync(run.InstanceId));
        var child = Assert.Single(await harness.Runtime.ListAsync(new WorkflowInstanceFilter(DefinitionId: "greet-child")));
        Assert.Equal(WorkflowStatus.Finished, child.Status);
    }

    [Fact]
    public async Task A_parent_waits_for_a_suspended_child_across_a_restart_and_continues_when_it_finishes()
    {
        await using var first = await WorkflowHarness.StartAsync();
        await first.ImportScenarioAsync("Subflows", "wait-child.json");
        await first.ImportScenarioAsync("Subflows", "wait-parent.json");
        var run = await first.Runtime.StartAsync("wait-parent", correlationId: "c1");
        Assert.Equal(WorkflowStatus.Suspended, run.Status);
        var child = Assert.Single(await first.Runtime.ListAsync(new WorkflowInstanceFilter(DefinitionId: "wait-child")));
        Assert.Equal((WorkflowStatus.Suspended, "c1"), (child.Status, child.CorrelationId));
        var waiting = Assert.Single((await first.DetailsAsync(run.InstanceId)).Bookmarks);
        Assert.Equal((WorkflowRuntime.SubflowEndedEvent, child.InstanceId), (waiting.EventName, waiting.CorrelationId));
        await first.StopAsync();

        await using var second = await WorkflowHarness.StartAsync(sameFolderAs: first);
        var resumed = Assert.Single(await second.Runtime.PublishEventAsync("ChildGo", "c1"));

        Assert.Equal(WorkflowStatus.Finished, resumed.Run!.Status);
        var parent = await second.DetailsAsync(run.InstanceId);
        Assert.Equal(WorkflowStatus.Finished, parent.Summary.Status);
        Assert.Equal(["child answered: approved"], parent.Log.Select(l => l.Message));
        Assert.Empty(parent.Bookmarks);
    }

    [Fact]
    public async Task A_child_that_ends_before_its_parents_wait_is_committed_resumes_the_parent_at_the_next_recovery()
    {
        await using var harness = await WorkflowHarness.StartAsync();
        await harness.ImportScenarioAsync("Subflows", "wait-child.json");
        await harness.ImportScenarioAsync("Subflows", "wait-parent.json");
        var run = await harness.Runtime.StartAsync("wait-parent", correlationId: "c1");
        Assert.Equal(WorkflowStatus.Suspended, run.Status);

        // The order the race gives: the child ends while the parent's wait is not yet there, then the wait lands.
        await HideSubflowWaitsAsync(harness, hidden: true);
        Assert.Equal(WorkflowStatus.Finished, Assert.Single(await harness.Runtime.PublishEventAsync("ChildGo", "c1")).Run!.Status);
        await HideSubflowWaitsAsync(harness, hidden: false);
        var beforeRecovery = (await harness.DetailsAsync(run.InstanceId)).Summary.Status;

        var recovered = await harness.Runtime.RecoverAsync();

        Assert.Equal(WorkflowStatus.Suspended, beforeRecovery);
        Assert.Equal(1, recovered);
        var parent = await harness.DetailsAsync(run.InstanceId);
        Assert.Equal(WorkflowStatus.Finished, parent.Summary.Status);
        Assert.Equal(["child answered: approved"], parent.Log.Select(l => l.Message));
        Assert.Equal(0, await harness.Runtime.RecoverAsync());
    }

    private static Task<int> HideSubflowWaitsAsync(WorkflowHarness harness, bool hidden) =>
        harness.QueryAsync(db => db.Set<WorkflowBookmarkRecord>()
            .Where(b => b.EventName == (hidden ? WorkflowRuntime.SubflowEndedEvent : "hidden"))
            .ExecuteUpdateAsync(u => u.SetProperty(b => b.EventName, hidden ? "hidden" : WorkflowRuntime.SubflowEndedEvent)));

    [Fact]
    public async Task A_child_that_faults_faults_the_parent_with_the_childs_message()
    {
        await using var harness = await WorkflowHarness.StartAsync();
        await harness.ImportScenarioAsync("Subflows", "fault-child.json");
        await harness.ImportScenarioAsync("Subflows", "fault-parent.json");

        var run = await harness.Runtime.StartAsync("fault-parent");

        Assert.Equal(WorkflowStatus.Faulted, run.Status);
        var child = Assert.Single(await harness.Runtime.ListAsync(new WorkflowInstanceFilter(DefinitionId: "fault-child")));
        Assert.Equal(WorkflowStatus.Faulted, child.Status);
        Assert.Equal(
            $"FaultChild 'Call' failed after 1 attempt: the subflow 'fault-child' (instance {child.InstanceId}) faulted: Elsa.Fault 'Boom' failed after 1 attempt: no licence left",
            run.FaultMessage);
        Assert.Empty(await harness.LogAsync(run.InstanceId));
    }

    [Fact]
    public async Task A_missing_child_definition_faults_the_parent_naming_it()
    {
        await using var harness = await WorkflowHarness.StartAsync();
        await harness.ImportScenarioAsync("Subflows", "fault-parent.json");

        var run = await harness.Runtime.StartAsync("fault-parent");

        Assert.Equal(WorkflowStatus.Faulted, run.Status);
        Assert.Contains("There is no published version of the workflow definition 'fault-child' to run as a subflow.", run.FaultMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancelling_a_waiting_child_faults_the_parent_that_waits_for_it()
    {
        await using var harness = await WorkflowHarness.StartAsync();
        await harness.ImportScenarioAsync("Subflows", "wait-child.json");
        await harness.ImportScenarioAsync("Subflows", "wait-parent.json");
        var run = await harness.Runtime.StartAsync("wait-parent", correlationId: "c1");
        var child = Assert.Single(await harness.Runtime.ListAsync(new WorkflowInstanceFilter(DefinitionId: "wait-child")));

        await harness.Runtime.CancelAsync(child.InstanceId);

        var parent = (await harness.DetailsAsync(run.InstanceId)).Summary;
        Assert.Equal(WorkflowStatus.Faulted, parent.Status);
        Assert.Contains($"the subflow 'wait-child' (instance {child.InstanceId}) was cancelled", parent.FaultMessage, StringComparison.Ordinal);
    }
}
