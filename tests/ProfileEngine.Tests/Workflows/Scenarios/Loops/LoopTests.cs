using System.Text.Json.Nodes;
using ProfileEngine.Workflows.Definitions;
using ProfileEngine.Workflows.Persistence;

namespace ProfileEngine.Tests.Workflows;

/// <summary>Scenario Loops: Elsa.ForEach runs its body once per item, durably, even when the body waits.</summary>
public sealed class LoopTests
{
    [Fact]
    public async Task The_body_runs_once_per_item_with_current_value_set_then_the_flowchart_goes_on()
    {
        await using var harness = await WorkflowHarness.StartAsync();
        await harness.ImportScenarioAsync("Loops", "foreach-greet.json");

        var run = await harness.Runtime.StartAsync("foreach-greet", new JsonObject { ["people"] = new JsonArray("ann", "bob", "cy") });

        RunAssert.Finished(run);
        Assert.Equal(["hello ann", "hello bob", "hello cy", "done"], await harness.LogAsync(run.InstanceId));
        Assert.Equal(3, harness.Get<TestActivities.Script>().Counts["greeted"]);
        Assert.Equal("cy", (await harness.VariableAsync(run.InstanceId, "Person"))!.GetValue<string>());
        var loop = (await harness.DetailsAsync(run.InstanceId)).Executions.Single(e => e.ActivityId == "Loop");
        Assert.Equal((ActivityRunStatus.Completed, "{\"iterations\":3}"), (loop.Status, loop.OutputsJson));
    }

    [Fact]
    public async Task An_empty_list_skips_the_body()
    {
        await using var harness = await WorkflowHarness.StartAsync();
        await harness.ImportScenarioAsync("Loops", "foreach-greet.json");

        var run = await harness.Runtime.StartAsync("foreach-greet", new JsonObject { ["people"] = new JsonArray() });

        RunAssert.Finished(run);
        Assert.Equal(["done"], await harness.LogAsync(run.InstanceId));
        Assert.False(harness.Get<TestActivities.Script>().Counts.ContainsKey("greeted"));
    }

    [Fact]
    public async Task Items_that_are_not_a_list_fault_the_loop_saying_what_they_were()
    {
        await using var harness = await WorkflowHarness.StartAsync();
        await harness.ImportScenarioAsync("Loops", "foreach-greet.json");

        var run = await harness.Runtime.StartAsync("foreach-greet", new JsonObject { ["people"] = 42 });

        Assert.Equal(WorkflowStatus.Faulted, run.Status);
        Assert.Equal("Elsa.ForEach 'Loop' failed after 1 attempt: the items of Elsa.ForEach 'Loop' must be a list, not 42", run.FaultMessage);
        Assert.Empty(await harness.LogAsync(run.InstanceId));
    }

    [Fact]
    public async Task A_bookmark_in_the_body_suspends_each_iteration_and_resumes_with_its_own_item_across_a_restart()
    {
        await using var first = await WorkflowHarness.StartAsync();
        await first.ImportScenarioAsync("Loops", "foreach-wait.json");
        var run = await first.Runtime.StartAsync("foreach-wait", correlationId: "c1");
        Assert.Equal(WorkflowStatus.Suspended, run.Status);
        Assert.Equal(["asking ann"], await first.LogAsync(run.InstanceId));

        var answered = Assert.Single(await first.Runtime.PublishEventAsync("Answer", "c1"));
        Assert.Equal(WorkflowStatus.Suspended, answered.Run!.Status);
        Assert.Equal(["asking ann", "answered ann", "asking bob"], await first.LogAsync(run.InstanceId));
        await first.StopAsync();

        await using var second = await WorkflowHarness.StartAsync(sameFolderAs: first);
        var last = Assert.Single(await second.Runtime.PublishEventAsync("Answer", "c1"));

        Assert.Equal(WorkflowStatus.Finished, last.Run!.Status);
        Assert.Equal(["asking ann", "answered ann", "asking bob", "answered bob", "done"], await second.LogAsync(run.InstanceId));
        Assert.Equal(2, (await second.DetailsAsync(run.InstanceId)).Executions.Count(e => e.ActivityId == "WaitAnswer" && e.Status == ActivityRunStatus.Completed));
    }

    [Fact]
    public void The_body_survives_a_read_write_round_trip()
    {
        var json = File.ReadAllText(WorkflowHarness.ScenarioPath("Loops", "foreach-wait.json"));

        var written = DefinitionWriter.Write(DefinitionReader.Read(json, "foreach-wait.json").Definition!);
        var reread = DefinitionReader.Read(written, "written").Definition!;

        var loop = reread.AllActivities().Single(a => a.Id == "Loop");
        Assert.Equal(["Ask", "WaitAnswer", "Answered"], loop.Body!.Activities!.Select(a => a.Id));
        Assert.Equal("p1", loop.Outputs["currentValue"].MemoryReferenceId);
    }
}
