using System.Text.Json.Nodes;
using ProfileEngine.Workflows.Persistence;

namespace ProfileEngine.Tests.Workflows;

/// <summary>Scenario FaultAndFinish: Elsa.Fault faults the instance like a failed activity; Elsa.Finish ends it at once.</summary>
public sealed class FaultAndFinishTests
{
    [Fact]
    public async Task Fault_faults_the_instance_with_its_message_and_an_incident()
    {
        await using var harness = await WorkflowHarness.StartAsync();
        await harness.ImportScenarioAsync("FaultAndFinish", "fault.json");

        var run = await harness.Runtime.StartAsync("fault", new JsonObject { ["seats"] = 250 });

        Assert.Equal(WorkflowStatus.Faulted, run.Status);
        Assert.Equal("Elsa.Fault 'Refuse' failed after 1 attempt: cannot reclaim 250 seats at once (code SEATS, category Business)", run.FaultMessage);
        var details = await harness.DetailsAsync(run.InstanceId);
        var incident = Assert.Single(details.Incidents);
        Assert.Equal(("Refuse", "Elsa.Fault"), (incident.ActivityId, incident.ActivityType));
        Assert.Equal(ActivityRunStatus.Faulted, details.Executions.Single(e => e.ActivityId == "Refuse").Status);
        Assert.Empty(details.Log);
    }

    [Fact]
    public async Task A_fault_on_a_branch_not_taken_does_nothing()
    {
        await using var harness = await WorkflowHarness.StartAsync();
        await harness.ImportScenarioAsync("FaultAndFinish", "fault.json");

        var run = await harness.Runtime.StartAsync("fault", new JsonObject { ["seats"] = 3 });

        RunAssert.Finished(run);
        Assert.Equal(["ok"], await harness.LogAsync(run.InstanceId));
        Assert.Empty((await harness.DetailsAsync(run.InstanceId)).Incidents);
    }

    [Fact]
    public async Task Finish_ends_the_workflow_and_the_other_branch_never_runs()
    {
        await using var harness = await WorkflowHarness.StartAsync();
        await harness.ImportScenarioAsync("FaultAndFinish", "finish.json");

        var run = await harness.Runtime.StartAsync("finish", correlationId: "c1");
        var late = await harness.Runtime.PublishEventAsync("Never", "c1");

        RunAssert.Finished(run);
        Assert.Empty(late);
        var details = await harness.DetailsAsync(run.InstanceId);
        Assert.Equal(["finishing"], details.Log.Select(l => l.Message));
        Assert.Empty(details.Bookmarks);
        Assert.Equal(ActivityRunStatus.Cancelled, details.Executions.Single(e => e.ActivityId == "WaitForever").Status);
        Assert.DoesNotContain(details.Executions, e => e.ActivityId == "AfterStop");
        Assert.Equal(0, await harness.QueryAsync(db => Task.FromResult(db.Set<WorkflowBookmarkRecord>().Count(b => b.InstanceId == run.InstanceId && b.ResumedAt == null))));
    }
}
