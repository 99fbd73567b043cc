using ProfileEngine.Workflows.Definitions;
using ProfileEngine.Workflows.Persistence;

namespace ProfileEngine.Tests.Workflows;

/// <summary>Scenario Forks: Elsa.FlowFork runs branches side by side; they meet again at an activity with two inbound connections.</summary>
public sealed class ForkTests
{
    [Fact]
    public async Task Both_branches_run_and_the_merge_waits_for_the_one_that_waits_on_an_event()
    {
        await using var harness = await WorkflowHarness.StartAsync();
        await harness.ImportScenarioAsync("Forks", "fork-join.json");

        var run = await harness.Runtime.StartAsync("fork-join", correlationId: "c1");

        Assert.Equal(WorkflowStatus.Suspended, run.Status);
        Assert.Equal(["audited"], await harness.LogAsync(run.InstanceId));
        Assert.Equal("Notify,Audit", (await harness.DetailsAsync(run.InstanceId)).Executions.Single(e => e.ActivityId == "Fork").Outcomes);

        var resumed = Assert.Single(await harness.Runtime.PublishEventAsync("Notified", "c1"));

        Assert.Equal(WorkflowStatus.Finished, resumed.Run!.Status);
        Assert.Equal(["audited", "both done"], await harness.LogAsync(run.InstanceId));
    }

    [Fact]
    public async Task A_connection_from_a_branch_the_fork_does_not_name_is_refused_at_load()
    {
        await using var harness = await WorkflowHarness.StartAsync();
        var json = await File.ReadAllTextAsync(WorkflowHarness.ScenarioPath("Forks", "fork-unknown-branch.json"));
        var definition = DefinitionReader.Read(json, "fork-unknown-branch.json").Definition!;

        var problem = Assert.Single(harness.Validator.Validate(definition, "fork-unknown-branch.json"));

        Assert.Equal("$.root.connections[2].source.port", problem.JsonPath);
        Assert.Contains("Elsa.FlowFork 'Fork' has no port 'Three' (its ports: Done, One, Two)", problem.Reason, StringComparison.Ordinal);
    }
}
