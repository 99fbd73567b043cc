using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using ProfileEngine.Workflows.Persistence;
using ProfileEngine.Workflows.Runtime;

namespace ProfileEngine.Tests.Workflows;

/// <summary>Scenario Bookmarks: waiting on events and timers, resumed exactly once.</summary>
public sealed class BookmarkTests
{
    [Fact]
    public async Task An_event_resumes_only_the_instance_with_its_correlation_id_and_hands_over_the_payload()
    {
        await using var harness = await WorkflowHarness.StartAsync();
        await harness.ImportScenarioAsync("Bookmarks", "reviewer-decision.json");
        var alice = await harness.Runtime.StartAsync("reviewer-decision", correlationId: "candidate-alice");
        var bob = await harness.Runtime.StartAsync("reviewer-decision", correlationId: "candidate-bob");

        var results = await harness.Runtime.PublishEventAsync("ReviewerDecision", "candidate-alice", new JsonObject { ["answer"] = "approve" });

        Assert.Equal(WorkflowStatus.Suspended, alice.Status);
        var resumed = Assert.Single(results);
        Assert.Equal(ResumeOutcome.Resumed, resumed.Outcome);
        Assert.Equal(WorkflowStatus.Finished, resumed.Run!.Status);
        Assert.Equal(["decision: approve"], await harness.LogAsync(alice.InstanceId));
        Assert.Equal("approve", (await harness.VariableAsync(alice.InstanceId, "Decision"))!["answer"]!.GetValue<string>());
        var bobNow = await harness.DetailsAsync(bob.InstanceId);
        Assert.Equal(WorkflowStatus.Suspended, bobNow.Summary.Status);
        var waiting = Assert.Single(bobNow.Bookmarks);
        Assert.Equal((BookmarkKind.Event, "ReviewerDecision", "candidate-bob"), (waiting.Kind, waiting.EventName, waiting.CorrelationId));
    }

    [Fact]
    public async Task Two_concurrent_resumes_of_one_bookmark_run_the_continuation_once()
    {
        await using var harness = await WorkflowHarness.StartAsync();
        await harness.ImportScenarioAsync("Bookmarks", "reviewer-decision.json");
        var run = await harness.Runtime.StartAsync("reviewer-decision", correlationId: "c1");
        var bookmark = Assert.Single((await harness.DetailsAsync(run.InstanceId)).Bookmarks);

        var payload = new JsonObject { ["answer"] = "approve" };
        var results = await Task.WhenAll(
            Task.Run(() => harness.Runtime.ResumeAsync(bookmark.BookmarkId, payload)),
            Task.Run(() => harness.Runtime.ResumeAsync(bookmark.BookmarkId, payload)));
        var late = await harness.Runtime.ResumeAsync(bookmark.BookmarkId, payload);

        Assert.Equal([ResumeOutcome.Resumed, ResumeOutcome.AlreadyResumed], results.Select(r => r.Outcome).Order());
        Assert.Equal(1, harness.Get<TestActivities.Script>().Counts["after-decision"]);
        Assert.Equal(ResumeOutcome.AlreadyResumed, late.Outcome);
        Assert.Contains("already resumed", late.Message, StringComparison.Ordinal);
        Assert.Equal(["decision: approve"], await harness.LogAsync(run.InstanceId));
    }

    [Fact]
    public async Task Two_processes_on_one_database_resume_a_bookmark_once()
    {
        await using var first = await WorkflowHarness.StartAsync();
        await using var second = await WorkflowHarness.StartAsync(sameFolderAs: first);
        await first.ImportScenarioAsync("Bookmarks", "reviewer-decision.json");
        var run = await first.Runtime.StartAsync("reviewer-decision", correlationId: "c1");
        var bookmark = Assert.Single((await first.DetailsAsync(run.InstanceId)).Bookmarks);

        var results = await Task.WhenAll(
            Task.Run(() => first.Runtime.ResumeAsync(bookmark.BookmarkId, new JsonObject { ["answer"] = "one" })),
            Task.Run(() => second.Runtime.ResumeAsync(bookmark.BookmarkId, new JsonObject { ["answer"] = "two" })));

        Assert.Equal([ResumeOutcome.Resumed, ResumeOutcome.AlreadyResumed], results.Select(r => r.Outcome).Order());
        var counted = first.Get<TestActivities.Script>().Counts.GetValueOrDefault("after-decision")
            + second.Get<TestActivities.Script>().Counts.GetValueOrDefault("after-decision");
        Assert.Equal(1, counted);
        Assert.Single(await first.LogAsync(run.InstanceId));
    }

    [Fact]
    public async Task A_bookmark_of_an_unknown_id_is_reported_not_found()
    {
        await using var harness = await WorkflowHarness.StartAsync();

        var result = await harness.Runtime.ResumeAsync("no-such-bookmark");

        Assert.Equal(ResumeOutcome.NotFound, result.Outcome);
        Assert.Contains("no-such-bookmark", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Event_bookmarks_are_found_through_the_index_not_by_scanning()
    {
        await using var harness = await WorkflowHarness.StartAsync();

        var plan = await harness.QueryAsync(async db =>
        {
            var sql = db.Set<WorkflowBookmarkRecord>()
                .Where(b => b.EventName == "ReviewerDecision" && b.CorrelationId == "c1" && b.ResumedAt == null)
                .Select(b => b.Id).ToQueryString();
            var connection = db.Database.GetDbConnection();
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "EXPLAIN QUERY PLAN " + sql[sql.IndexOf("SELECT", StringComparison.Ordinal)..];
            foreach (var line in sql.Split('\n').Where(l => l.StartsWith(".param set", StringComparison.Ordinal)))
            {
                var parts = line.Split(' ', 4);
                var parameter = command.CreateParameter();
                parameter.ParameterName = parts[2];
                parameter.Value = parts[3].Trim('\'');
                command.Parameters.Add(parameter);
            }

            var rows = new List<string>();
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                rows.Add(reader.GetString(3));
            }

            return string.Join(" | ", rows);
        });

        Assert.Contains("USING INDEX IX_WorkflowBookmarks_EventName_CorrelationId_ResumedAt", plan, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_delay_waits_for_its_due_time_and_the_scheduler_call_resumes_it()
    {
        await using var harness = await WorkflowHarness.StartAsync();
        await harness.ImportScenarioAsync("Bookmarks", "grace-period.json");
        var run = await harness.Runtime.StartAsync("grace-period");
        var due = WorkflowHarness.Epoch.AddHours(1);

        var bookmark = Assert.Single((await harness.DetailsAsync(run.InstanceId)).Bookmarks);
        var nextDue = await harness.Runtime.NextDueAsync();
        var early = await harness.Runtime.ResumeDueAsync(harness.Clock.GetUtcNow());
        harness.Clock.Advance(TimeSpan.FromHours(1));
        var onTime = await harness.Runtime.ResumeDueAsync(harness.Clock.GetUtcNow());

        Assert.Equal(WorkflowStatus.Suspended, run.Status);
        Assert.Equal((BookmarkKind.Timer, due), (bookmark.Kind, bookmark.DueAt));
        Assert.Equal(due, nextDue);
        Assert.Equal(0, early);
        Assert.Equal(1, onTime);
        Assert.Equal(WorkflowStatus.Finished, (await harness.DetailsAsync(run.InstanceId)).Summary.Status);
        Assert.Equal(["grace period over"], await harness.LogAsync(run.InstanceId));
        Assert.Null(await harness.Runtime.NextDueAsync());
    }

    [Fact]
    public async Task Cancelling_a_waiting_instance_removes_its_bookmarks()
    {
        await using var harness = await WorkflowHarness.StartAsync();
        await harness.ImportScenarioAsync("Bookmarks", "reviewer-decision.json");
        var run = await harness.Runtime.StartAsync("reviewer-decision", correlationId: "c1");

        var cancelled = await harness.Runtime.CancelAsync(run.InstanceId);
        var publish = await harness.Runtime.PublishEventAsync("ReviewerDecision", "c1");

        Assert.Equal(WorkflowStatus.Cancelled, cancelled.Status);
        Assert.Empty(publish);
        var details = await harness.DetailsAsync(run.InstanceId);
        Assert.Empty(details.Bookmarks);
        Assert.Equal(ActivityRunStatus.Cancelled, details.Executions.Single(e => e.ActivityId == "WaitForReviewer").Status);
        await Assert.ThrowsAsync<WorkflowStateException>(() => harness.Runtime.CancelAsync(run.InstanceId));
    }

    [Fact]
    public async Task Instances_are_listed_by_definition_status_and_correlation()
    {
        await using var harness = await WorkflowHarness.StartAsync();
        await harness.ImportScenarioAsync("Bookmarks", "reviewer-decision.json");
        await harness.ImportScenarioAsync("Bookmarks", "grace-period.json");
        var a = await harness.Runtime.StartAsync("reviewer-decision", correlationId: "p1");
        await harness.Runtime.StartAsync("reviewer-decision", correlationId: "p2");
        await harness.Runtime.StartAsync("grace-period", correlationId: "p1");
        await harness.Runtime.PublishEventAsync("ReviewerDecision", "p1", new JsonObject { ["answer"] = "keep" });

        var byDefinition = await harness.Runtime.ListAsync(new WorkflowInstanceFilter(DefinitionId: "reviewer-decision"));
        var finished = await harness.Runtime.ListAsync(new WorkflowInstanceFilter(Status: WorkflowStatus.Finished));
        var p1 = await harness.Runtime.ListAsync(new WorkflowInstanceFilter(CorrelationId: "p1"));

        Assert.Equal(2, byDefinition.Count);
        Assert.Equal(a.InstanceId, Assert.Single(finished).InstanceId);
        Assert.Equal(["grace-period", "reviewer-decision"], p1.Select(i => i.DefinitionId).Order());
    }

    [Fact]
    public async Task Work_an_activity_hands_to_the_commit_of_its_result_lands_with_the_bookmark_and_is_dropped_when_it_fails()
    {
        await using var harness = await WorkflowHarness.StartAsync();
        await harness.ImportScenarioAsync("Bookmarks", "claim-then-wait.json");

        var waiting = await harness.Runtime.StartAsync("claim-then-wait", new JsonObject { ["fail"] = false }, "c1");
        var failed = await harness.Runtime.StartAsync("claim-then-wait", new JsonObject { ["fail"] = true }, "c2");

        Assert.Equal(WorkflowStatus.Suspended, waiting.Status);
        Assert.Single((await harness.DetailsAsync(waiting.InstanceId)).Bookmarks);
        Assert.True(await harness.QueryAsync(db => db.Set<WorkflowLogRecord>().AnyAsync(l => l.Id == "claim-" + waiting.InstanceId)));
        Assert.Equal(WorkflowStatus.Faulted, failed.Status);
        Assert.False(await harness.QueryAsync(db => db.Set<WorkflowLogRecord>().AnyAsync(l => l.Id == "claim-" + failed.InstanceId)));
    }
}
