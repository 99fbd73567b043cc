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

    [Fact]
    public async Task A_fork_activity_waits_for_all_its_branches_by_default()
    {
        await using var harness = await WorkflowHarness.StartAsync();
        await harness.ImportScenarioAsync("Forks", "fork-wait-all.json");
        var run = await harness.Runtime.StartAsync("fork-wait-all", correlationId: "c1");
        Assert.Equal(2, (await harness.DetailsAsync(run.InstanceId)).Bookmarks.Count);

        var fast = Assert.Single(await harness.Runtime.PublishEventAsync("Fast", "c1"));
        Assert.Equal(WorkflowStatus.Suspended, fast.Run!.Status);
        var slow = Assert.Single(await harness.Runtime.PublishEventAsync("Slow", "c1"));

        Assert.Equal(WorkflowStatus.Finished, slow.Run!.Status);
        Assert.Equal(["fast done", "slow done", "after"], await harness.LogAsync(run.InstanceId));
    }

    [Fact]
    public async Task A_wait_any_fork_completes_with_the_first_branch_and_cancels_the_other()
    {
        await using var harness = await WorkflowHarness.StartAsync();
        await harness.ImportScenarioAsync("Forks", "fork-wait-any.json");
        var run = await harness.Runtime.StartAsync("fork-wait-any", correlationId: "c1");

        var fast = Assert.Single(await harness.Runtime.PublishEventAsync("Fast", "c1"));
        var late = await harness.Runtime.PublishEventAsync("Slow", "c1");

        Assert.Equal(WorkflowStatus.Finished, fast.Run!.Status);
        Assert.Empty(late);
        var details = await harness.DetailsAsync(run.InstanceId);
        Assert.Equal(["fast done", "after"], details.Log.Select(l => l.Message));
        Assert.Equal(ActivityRunStatus.Cancelled, details.Executions.Single(e => e.ActivityId == "WaitSlow").Status);
    }

    [Fact]
    public async Task A_fork_join_mode_that_is_not_an_Elsa_mode_faults_naming_it()
    {
        await using var harness = await WorkflowHarness.StartAsync();
        await harness.ImportScenarioAsync("Forks", "fork-bad-mode.json");

        var run = await harness.Runtime.StartAsync("fork-bad-mode", correlationId: "c1");

        Assert.Equal(WorkflowStatus.Faulted, run.Status);
        Assert.Contains("the joinMode '\"Sometimes\"' of Elsa.Fork 'Fork' is not WaitAll or WaitAny", run.FaultMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Fork_branches_survive_a_read_write_round_trip()
    {
        var json = File.ReadAllText(WorkflowHarness.ScenarioPath("Forks", "fork-wait-any.json"));

        var written = DefinitionWriter.ToJson(DefinitionReader.Read(json, "fork-wait-any.json").Definition!);

        var fork = written["root"]!["activities"]!.AsArray().Single(a => a!["id"]!.GetValue<string>() == "Fork")!;
        Assert.Equal(["SlowBranch", "FastBranch"], fork["branches"]!.AsArray().Select(b => b!["id"]!.GetValue<string>()));
        Assert.Equal("WaitAny", fork["joinMode"]!.GetValue<string>());
    }
}
