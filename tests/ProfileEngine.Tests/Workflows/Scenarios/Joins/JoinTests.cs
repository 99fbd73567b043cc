using ProfileEngine.Workflows.Persistence;

namespace ProfileEngine.Tests.Workflows;

/// <summary>
/// Scenario Joins: branches that merge, with and without Elsa.FlowJoin, as Elsa 3's counter-based flowchart does it.
/// </summary>
public sealed class JoinTests
{
    [Fact]
    public async Task Two_branches_of_a_decision_merge_into_one_run_of_the_next_activity_without_a_join()
    {
        await using var harness = await WorkflowHarness.StartAsync();
        await harness.ImportScenarioAsync("Joins", "decision-merge.json");

        var run = await harness.Runtime.StartAsync("decision-merge");

        RunAssert.Finished(run);
        Assert.Equal(["yes", "after"], await harness.LogAsync(run.InstanceId));
    }

    [Fact]
    public async Task An_activity_with_two_inbound_branches_waits_for_both_when_both_run()
    {
        await using var harness = await WorkflowHarness.StartAsync();
        await harness.ImportScenarioAsync("Joins", "branches-merge.json");

        var run = await harness.Runtime.StartAsync("branches-merge", correlationId: "c1");

        Assert.Equal(WorkflowStatus.Suspended, run.Status);
        Assert.Equal(["b"], await harness.LogAsync(run.InstanceId));

        var resumed = Assert.Single(await harness.Runtime.PublishEventAsync("A", "c1"));

        Assert.Equal(WorkflowStatus.Finished, resumed.Run!.Status);
        Assert.Equal(["b", "after"], await harness.LogAsync(run.InstanceId));
    }

    [Fact]
    public async Task A_wait_any_join_runs_on_the_first_branch_and_cancels_the_other_waiting_one()
    {
        await using var harness = await WorkflowHarness.StartAsync();
        await harness.ImportScenarioAsync("Joins", "join-any.json");
        var run = await harness.Runtime.StartAsync("join-any", correlationId: "c1");
        Assert.Equal(2, (await harness.DetailsAsync(run.InstanceId)).Bookmarks.Count);

        var resumed = Assert.Single(await harness.Runtime.PublishEventAsync("Fast", "c1"));
        var late = await harness.Runtime.PublishEventAsync("Slow", "c1");

        Assert.Equal(WorkflowStatus.Finished, resumed.Run!.Status);
        Assert.Empty(late);
        var details = await harness.DetailsAsync(run.InstanceId);
        Assert.Equal(["after"], details.Log.Select(l => l.Message));
        Assert.Empty(details.Bookmarks);
        Assert.Equal(ActivityRunStatus.Cancelled, details.Executions.Single(e => e.ActivityId == "Slow").Status);
        Assert.Equal(ActivityRunStatus.Completed, details.Executions.Single(e => e.ActivityId == "Join").Status);
    }

    [Fact]
    public async Task A_wait_all_join_waits_for_every_branch_and_survives_a_restart_in_between()
    {
        await using var first = await WorkflowHarness.StartAsync();
        await first.ImportScenarioAsync("Joins", "join-all.json");
        var run = await first.Runtime.StartAsync("join-all", correlationId: "c1");
        await first.Runtime.PublishEventAsync("A", "c1");
        Assert.Equal(WorkflowStatus.Suspended, (await first.DetailsAsync(run.InstanceId)).Summary.Status);
        Assert.Empty(await first.LogAsync(run.InstanceId));
        await first.StopAsync();

        await using var second = await WorkflowHarness.StartAsync(sameFolderAs: first);
        var resumed = Assert.Single(await second.Runtime.PublishEventAsync("B", "c1"));

        Assert.Equal(WorkflowStatus.Finished, resumed.Run!.Status);
        Assert.Equal(["after"], await second.LogAsync(run.InstanceId));
    }

    [Fact]
    public async Task A_wait_all_join_with_an_untaken_branch_is_skipped_with_what_follows_it()
    {
        await using var harness = await WorkflowHarness.StartAsync();
        await harness.ImportScenarioAsync("Joins", "join-all-dead-path.json");

        var run = await harness.Runtime.StartAsync("join-all-dead-path");

        RunAssert.Finished(run);
        Assert.Equal(["yes"], await harness.LogAsync(run.InstanceId));
        var executed = (await harness.DetailsAsync(run.InstanceId)).Executions.Select(e => e.ActivityId).ToList();
        Assert.DoesNotContain("Join", executed);
        Assert.DoesNotContain("After", executed);
    }

    [Fact]
    public async Task A_join_mode_that_is_not_an_Elsa_mode_faults_naming_the_mode()
    {
        await using var harness = await WorkflowHarness.StartAsync();
        await harness.ImportScenarioAsync("Joins", "join-bad-mode.json");

        var run = await harness.Runtime.StartAsync("join-bad-mode");

        Assert.Equal(WorkflowStatus.Faulted, run.Status);
        Assert.Contains("Elsa.FlowJoin 'Join'", run.FaultMessage, StringComparison.Ordinal);
        Assert.Contains("'Sometimes' is not one of WaitAny, WaitAll, WaitAllActive", run.FaultMessage, StringComparison.Ordinal);
    }
}
