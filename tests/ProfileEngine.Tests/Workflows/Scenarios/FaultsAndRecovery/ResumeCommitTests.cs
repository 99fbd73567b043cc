using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using ProfileEngine.Workflows.Activities;
using ProfileEngine.Workflows.Hosting;
using ProfileEngine.Workflows.Persistence;
using ProfileEngine.Workflows.Runtime;

namespace ProfileEngine.Tests.Workflows;

/// <summary>
/// A resume on the caller commits its bookmark claim with the run's first commit: with the resumed activity's result
/// when only the instance changed, at the latest right before an activity with side effects. Either way a crash loses
/// nothing and burns no bookmark.
/// </summary>
public sealed class ResumeCommitTests
{
    private const string WaitThenPage = """
        { "definitionId": "wait-then-page", "isPublished": true,
          "root": { "type": "Elsa.Flowchart", "id": "Flow", "activities": [
            { "id": "Start", "type": "Elsa.Start" },
            { "id": "Go", "type": "Elsa.Event", "eventName": { "typeName": "String", "expression": { "type": "Literal", "value": "Go" } } },
            { "id": "Download", "type": "Test.Pager", "pages": { "typeName": "Int32", "expression": { "type": "Literal", "value": "2" } } } ],
            "connections": [
              { "source": { "activity": "Start", "port": "Done" }, "target": { "activity": "Go", "port": "In" } },
              { "source": { "activity": "Go", "port": "Done" }, "target": { "activity": "Download", "port": "In" } } ] } }
        """;

    private const string WaitThenCrash = """
        { "definitionId": "wait-then-crash", "isPublished": true,
          "root": { "type": "Elsa.Flowchart", "id": "Flow", "activities": [
            { "id": "Start", "type": "Elsa.Start" },
            { "id": "Go", "type": "Elsa.Event", "eventName": { "typeName": "String", "expression": { "type": "Literal", "value": "Go" } } },
            { "id": "Think", "type": "Test.CrashWhileThinking" },
            { "id": "Say", "type": "Elsa.WriteLine", "text": { "typeName": "String", "expression": { "type": "Literal", "value": "done" } } } ],
            "connections": [
              { "source": { "activity": "Start", "port": "Done" }, "target": { "activity": "Go", "port": "In" } },
              { "source": { "activity": "Go", "port": "Done" }, "target": { "activity": "Think", "port": "In" } },
              { "source": { "activity": "Think", "port": "Done" }, "target": { "activity": "Say", "port": "In" } } ] } }
        """;

    private const string WaitThenSay = """
        { "definitionId": "wait-then-say", "isPublished": true,
          "root": { "type": "Elsa.Flowchart", "id": "Flow", "activities": [
            { "id": "Start", "type": "Elsa.Start" },
            { "id": "Go", "type": "Elsa.Event", "eventName": { "typeName": "String", "expression": { "type": "Literal", "value": "Go" } } },
            { "id": "Say", "type": "Elsa.WriteLine", "text": { "typeName": "String", "expression": { "type": "Literal", "value": "done" } } } ],
            "connections": [
              { "source": { "activity": "Start", "port": "Done" }, "target": { "activity": "Go", "port": "In" } },
              { "source": { "activity": "Go", "port": "Done" }, "target": { "activity": "Say", "port": "In" } } ] } }
        """;

    [Fact]
    public async Task The_claim_commits_before_an_activity_with_side_effects_so_a_crash_in_it_is_continued_by_recovery_and_the_bookmark_is_not_resumed_twice()
    {
        await using var first = await WorkflowHarness.StartAsync();
        await first.ImportAsync(WaitThenPage);
        var run = await first.Runtime.StartAsync("wait-then-page", correlationId: "c1");
        var bookmark = Assert.Single((await first.DetailsAsync(run.InstanceId)).Bookmarks);
        var firstScript = first.Get<TestActivities.Script>();
        firstScript.CrashAfterPage = 1;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first.Runtime.PublishEventAsync("Go", "c1", null, firstScript.Crash.Token));
        await first.StopAsync();

        await using var second = await WorkflowHarness.StartAsync(sameFolderAs: first);
        var claimed = await second.QueryAsync(db => db.Set<WorkflowBookmarkRecord>().SingleAsync(b => b.Id == bookmark.BookmarkId));
        var again = await second.Runtime.PublishEventAsync("Go", "c1");
        var byId = await second.Runtime.ResumeAsync(bookmark.BookmarkId);
        var recovered = await second.Runtime.RecoverAsync();

        Assert.NotNull(claimed.ResumedAt);
        Assert.Empty(again);
        Assert.Equal(ResumeOutcome.AlreadyResumed, byId.Outcome);
        Assert.Equal(1, recovered);
        Assert.Equal([1], firstScript.PagesProcessed);
        Assert.Equal([2], second.Get<TestActivities.Script>().PagesProcessed);
        var details = await second.DetailsAsync(run.InstanceId);
        Assert.Equal(WorkflowStatus.Finished, details.Summary.Status);
        Assert.Single(details.Executions, e => e.ActivityId == "Download" && e.Status == ActivityRunStatus.Completed);
    }

    [Fact]
    public async Task A_crash_before_the_first_commit_of_a_resume_burns_no_bookmark_and_the_event_can_be_published_again()
    {
        await using var first = await WorkflowHarness.StartAsync(services => services.AddWorkflowActivity<CrashWhileThinking>());
        await first.ImportAsync(WaitThenCrash);
        var run = await first.Runtime.StartAsync("wait-then-crash", correlationId: "c1");
        var firstScript = first.Get<TestActivities.Script>();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first.Runtime.PublishEventAsync("Go", "c1", null, firstScript.Crash.Token));
        var left = await first.QueryAsync(db => db.Set<WorkflowInstanceRecord>().SingleAsync());
        var bookmarkLeft = await first.QueryAsync(db => db.Set<WorkflowBookmarkRecord>().SingleAsync());
        await first.StopAsync();

        await using var second = await WorkflowHarness.StartAsync(services => services.AddWorkflowActivity<CrashWhileThinking>(), sameFolderAs: first);
        var results = await second.Runtime.PublishEventAsync("Go", "c1");

        Assert.Equal(WorkflowStatus.Suspended, left.Status);
        Assert.Null(left.OwnerNodeId);
        Assert.Null(bookmarkLeft.ResumedAt);
        Assert.Equal(ResumeOutcome.Resumed, Assert.Single(results).Outcome);
        Assert.Equal(WorkflowStatus.Finished, results[0].Run!.Status);
        Assert.Equal(["done"], await second.LogAsync(run.InstanceId));
        Assert.Equal(ResumeOutcome.AlreadyResumed, (await second.Runtime.ResumeAsync(bookmarkLeft.Id)).Outcome);
    }

    [Fact]
    public async Task A_run_that_suspends_or_finishes_leaves_its_instance_unowned_from_its_last_commit()
    {
        await using var harness = await WorkflowHarness.StartAsync();
        await harness.ImportAsync(WaitThenSay);
        var run = await harness.Runtime.StartAsync("wait-then-say", correlationId: "c1");
        var suspended = await harness.QueryAsync(db => db.Set<WorkflowInstanceRecord>().SingleAsync());

        var resumed = Assert.Single(await harness.Runtime.PublishEventAsync("Go", "c1", new JsonObject { ["ok"] = true }));
        var finished = await harness.QueryAsync(db => db.Set<WorkflowInstanceRecord>().SingleAsync());

        Assert.Equal(WorkflowStatus.Suspended, run.Status);
        Assert.Equal((WorkflowStatus.Suspended, null, null), (suspended.Status, suspended.OwnerNodeId, suspended.LeaseExpiresAt));
        Assert.Equal(WorkflowStatus.Finished, resumed.Run!.Status);
        Assert.Equal((WorkflowStatus.Finished, null, null), (finished.Status, finished.OwnerNodeId, finished.LeaseExpiresAt));
        Assert.Equal(suspended.Revision + 1, finished.Revision);
    }

    /// <summary>Changes nothing outside the instance; the "process" dies while it runs.</summary>
    [Activity("Test.CrashWhileThinking")]
    public sealed class CrashWhileThinking(TestActivities.Script script) : WorkflowActivity
    {
        public override bool HasSideEffects => false;

        public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
        {
            await script.Crash.CancelAsync();
            cancellationToken.ThrowIfCancellationRequested();
            return ActivityResult.Done();
        }
    }
}
