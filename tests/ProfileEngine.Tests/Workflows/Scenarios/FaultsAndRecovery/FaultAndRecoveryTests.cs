using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using ProfileEngine.Workflows.Activities;
using ProfileEngine.Workflows.Hosting;
using ProfileEngine.Workflows.Persistence;
using ProfileEngine.Workflows.Runtime;

namespace ProfileEngine.Tests.Workflows;

/// <summary>Scenario FaultsAndRecovery: incidents, retries, operator retry, and continuing after a crash.</summary>
public sealed class FaultAndRecoveryTests
{
    [Fact]
    public async Task A_failing_activity_is_retried_by_its_policy_and_each_failure_is_an_incident()
    {
        await using var harness = await WorkflowHarness.StartAsync();
        await harness.ImportScenarioAsync("FaultsAndRecovery", "flaky-retry.json");
        harness.Get<TestActivities.Script>().FailuresLeft["vendor"] = 2;

        var run = await harness.Runtime.StartAsync("flaky-retry");

        RunAssert.Finished(run);
        var details = await harness.DetailsAsync(run.InstanceId);
        Assert.Equal([1, 2], details.Incidents.Select(i => i.Attempt));
        Assert.All(details.Incidents, i => Assert.Contains("vendor said no", i.Message, StringComparison.Ordinal));
        Assert.Equal(
            [(1, ActivityRunStatus.Faulted), (2, ActivityRunStatus.Faulted), (3, ActivityRunStatus.Completed)],
            details.Executions.Where(e => e.ActivityId == "Call").Select(e => (e.Attempt, e.Status)));
        Assert.Equal(["vendor succeeded on attempt 3", "after the call"], await harness.LogAsync(run.InstanceId));
        Assert.Equal(2, details.Summary.IncidentCount);
    }

    [Fact]
    public async Task After_the_last_attempt_the_instance_is_Faulted_and_an_operator_can_retry_it_from_the_failed_activity()
    {
        await using var harness = await WorkflowHarness.StartAsync();
        await harness.ImportScenarioAsync("FaultsAndRecovery", "flaky-retry.json");
        var script = harness.Get<TestActivities.Script>();
        script.FailuresLeft["vendor"] = 4;

        var faulted = await harness.Runtime.StartAsync("flaky-retry");
        var retried = await harness.Runtime.RetryAsync(faulted.InstanceId);

        Assert.Equal(WorkflowStatus.Faulted, faulted.Status);
        Assert.Equal("Test.Flaky 'Call' failed after 3 attempts: vendor said no (attempt 3)", faulted.FaultMessage);
        RunAssert.Finished(retried);
        var details = await harness.DetailsAsync(faulted.InstanceId);
        Assert.Equal(4, details.Incidents.Count);
        Assert.Null(details.Summary.FaultMessage);
        Assert.Equal(["vendor succeeded on attempt 2", "after the call"], await harness.LogAsync(faulted.InstanceId));
        await Assert.ThrowsAsync<WorkflowStateException>(() => harness.Runtime.RetryAsync(faulted.InstanceId));
    }

    [Fact]
    public async Task A_retry_with_backoff_waits_on_a_due_bookmark_between_attempts()
    {
        await using var harness = await WorkflowHarness.StartAsync();
        await harness.ImportScenarioAsync("FaultsAndRecovery", "flaky-backoff.json");
        harness.Get<TestActivities.Script>().FailuresLeft["slow-vendor"] = 2;

        var run = await harness.Runtime.StartAsync("flaky-backoff");
        var firstWait = Assert.Single((await harness.DetailsAsync(run.InstanceId)).Bookmarks);
        harness.Clock.Advance(TimeSpan.FromSeconds(30));
        await harness.Runtime.ResumeDueAsync(harness.Clock.GetUtcNow());
        var secondWait = Assert.Single((await harness.DetailsAsync(run.InstanceId)).Bookmarks);
        harness.Clock.Advance(TimeSpan.FromSeconds(59));
        var tooEarly = await harness.Runtime.ResumeDueAsync(harness.Clock.GetUtcNow());
        harness.Clock.Advance(TimeSpan.FromSeconds(1));
        await harness.Runtime.ResumeDueAsync(harness.Clock.GetUtcNow());

        Assert.Equal(WorkflowStatus.Suspended, run.Status);
        Assert.Equal((BookmarkKind.Retry, WorkflowHarness.Epoch.AddSeconds(30)), (firstWait.Kind, firstWait.DueAt));
        Assert.Equal(WorkflowHarness.Epoch.AddSeconds(90), secondWait.DueAt);
        Assert.Equal(0, tooEarly);
        Assert.Equal(WorkflowStatus.Finished, (await harness.DetailsAsync(run.InstanceId)).Summary.Status);
        Assert.Equal(["slow-vendor succeeded on attempt 3", "after the call"], await harness.LogAsync(run.InstanceId));
    }

    [Fact]
    public async Task A_process_that_dies_mid_activity_is_continued_from_the_checkpoint_by_the_next_one()
    {
        await using var first = await WorkflowHarness.StartAsync();
        await first.ImportScenarioAsync("FaultsAndRecovery", "pager.json");
        var firstScript = first.Get<TestActivities.Script>();
        firstScript.CrashAfterPage = 3;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first.Runtime.StartAsync("pager", cancellationToken: firstScript.Crash.Token));
        var left = await first.QueryAsync(db => db.Set<WorkflowInstanceRecord>().SingleAsync());
        await first.StopAsync();

        await using var second = await WorkflowHarness.StartAsync(sameFolderAs: first);
        var recovered = await second.Runtime.RecoverAsync();

        Assert.Equal(WorkflowStatus.Running, left.Status);
        Assert.Equal([1, 2, 3], firstScript.PagesProcessed);
        Assert.Equal(1, recovered);
        Assert.Equal([4, 5], second.Get<TestActivities.Script>().PagesProcessed);
        var details = await second.DetailsAsync(left.Id);
        Assert.Equal(WorkflowStatus.Finished, details.Summary.Status);
        Assert.Equal(5, details.Variables["Processed"]!.GetValue<int>());
        Assert.Equal(["pages: 5"], details.Log.Select(l => l.Message));
        Assert.Single(details.Executions, e => e.ActivityId == "Download");
    }

    [Fact]
    public async Task An_activity_with_side_effects_is_committed_before_the_next_runs_so_a_crash_never_repeats_it()
    {
        await using var first = await WorkflowHarness.StartAsync();
        await first.ImportAsync("""
            { "definitionId": "count-then-page", "isPublished": true,
              "root": { "type": "Elsa.Sequence", "id": "Seq", "activities": [
                { "id": "Say", "type": "Elsa.WriteLine", "text": { "typeName": "String", "expression": { "type": "Literal", "value": "starting" } } },
                { "id": "Notify", "type": "Test.Count", "key": { "typeName": "String", "expression": { "type": "Literal", "value": "notified" } } },
                { "id": "Download", "type": "Test.Pager", "pages": { "typeName": "Int32", "expression": { "type": "Literal", "value": "2" } } } ] } }
            """);
        var firstScript = first.Get<TestActivities.Script>();
        firstScript.CrashAfterPage = 1;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first.Runtime.StartAsync("count-then-page", cancellationToken: firstScript.Crash.Token));
        await first.StopAsync();

        await using var second = await WorkflowHarness.StartAsync(sameFolderAs: first);
        await second.Runtime.RecoverAsync();

        Assert.Equal(1, firstScript.Counts["notified"]);
        Assert.False(second.Get<TestActivities.Script>().Counts.ContainsKey("notified"));
        Assert.Equal([2], second.Get<TestActivities.Script>().PagesProcessed);
        var instance = Assert.Single(await second.Runtime.ListAsync(new WorkflowInstanceFilter()));
        Assert.Equal(WorkflowStatus.Finished, instance.Status);
        Assert.Equal(["starting"], await second.LogAsync(instance.InstanceId));
    }

    [Fact]
    public async Task A_process_that_dies_between_activities_loses_nothing_and_runs_nothing_twice()
    {
        await using var first = await WorkflowHarness.StartAsync();
        await first.ImportScenarioAsync("Bookmarks", "reviewer-decision.json");
        var run = await first.Runtime.StartAsync("reviewer-decision", correlationId: "c1");
        await first.StopAsync();

        await using var second = await WorkflowHarness.StartAsync(sameFolderAs: first);
        var recovered = await second.Runtime.RecoverAsync();
        var results = await second.Runtime.PublishEventAsync("ReviewerDecision", "c1", new JsonObject { ["answer"] = "revoke" });

        Assert.Equal(0, recovered);
        Assert.Equal(ResumeOutcome.Resumed, Assert.Single(results).Outcome);
        Assert.Equal(["decision: revoke"], await second.LogAsync(run.InstanceId));
        Assert.Equal(1, second.Get<TestActivities.Script>().Counts["after-decision"]);
    }

    [Fact]
    public async Task A_checkpoint_and_the_activitys_own_writes_commit_together_or_not_at_all()
    {
        await using var harness = await WorkflowHarness.StartAsync(services => services.AddWorkflowActivity<AtomicWriter>());
        await harness.ImportAsync("""
            { "definitionId": "atomic", "isPublished": true,
              "root": { "type": "Elsa.Sequence", "id": "Seq", "activities": [ { "id": "Write", "type": "Test.AtomicWriter" } ] } }
            """);

        var run = await harness.Runtime.StartAsync("atomic");

        Assert.Equal(WorkflowStatus.Faulted, run.Status);
        var notes = await harness.QueryAsync(db => db.Set<WorkflowLogRecord>().Where(l => l.ActivityId == "side-effect").ToListAsync());
        Assert.Equal(["first batch"], notes.Select(n => n.Message));
        var state = await harness.QueryAsync(db => db.Set<WorkflowInstanceRecord>().Select(i => i.StateJson).SingleAsync());
        Assert.Contains("\"batch\":1", state, StringComparison.Ordinal);
        Assert.DoesNotContain("\"batch\":2", state, StringComparison.Ordinal);
    }

    /// <summary>Writes a row with its first checkpoint, then fails half-way through the second.</summary>
    [Activity("Test.AtomicWriter")]
    public sealed class AtomicWriter : WorkflowActivity
    {
        public override async ValueTask<ActivityResult> ExecuteAsync(
            ActivityContext context, CancellationToken cancellationToken)
        {
            await context.SaveCheckpointAsync(new JsonObject { ["batch"] = 1 }, (db, ct) => AddNoteAsync(db, context, "first batch"), cancellationToken);
            await context.SaveCheckpointAsync(
                new JsonObject { ["batch"] = 2 },
                async (db, ct) =>
                {
                    await AddNoteAsync(db, context, "second batch");
                    await db.SaveChangesAsync(ct);
                    throw new InvalidOperationException("the vendor went away mid-batch");
                },
                cancellationToken);
            return ActivityResult.Done();
        }

        private static Task AddNoteAsync(DbContext db, ActivityContext context, string message)
        {
            db.Add(new WorkflowLogRecord { Id = Guid.NewGuid().ToString("N"), InstanceId = context.InstanceId, ActivityId = "side-effect", Message = message, Sequence = 0 });
            return Task.CompletedTask;
        }
    }
}
