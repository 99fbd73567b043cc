using Microsoft.EntityFrameworkCore;
using ProfileEngine.Workflows.Activities;
using ProfileEngine.Workflows.Definitions;
using ProfileEngine.Workflows.Loading;
using ProfileEngine.Workflows.Persistence;

namespace ProfileEngine.Tests.Workflows;

/// <summary>Scenario Versions: Elsa's draft/publish rules, and instances pinned to the version they started on.</summary>
public sealed class VersionTests
{
    [Fact]
    public async Task A_changed_file_becomes_a_new_version_and_a_running_instance_keeps_its_own()
    {
        await using var harness = await WorkflowHarness.StartAsync();
        var v1 = await harness.ImportScenarioAsync("Versions", "approval-v1.json");
        var old = await harness.Runtime.StartAsync("approval", correlationId: "old");

        var v2 = await harness.ImportScenarioAsync("Versions", "approval-v2.json");
        var fresh = await harness.Runtime.StartAsync("approval", correlationId: "new");
        await harness.Runtime.PublishEventAsync("Approved", "old");
        await harness.Runtime.PublishEventAsync("Approved", "new");

        Assert.Equal((1, ImportOutcome.NewPublishedVersion), (v1.Version, v1.Outcome));
        Assert.Equal((2, ImportOutcome.NewPublishedVersion), (v2.Version, v2.Outcome));
        Assert.Equal(["v1 waiting", "v1 approved"], await harness.LogAsync(old.InstanceId));
        Assert.Equal(["v2 waiting", "v2 approved"], await harness.LogAsync(fresh.InstanceId));
        Assert.Equal(1, (await harness.DetailsAsync(old.InstanceId)).Summary.Version);
        var versions = await harness.Store.ListVersionsAsync("approval", CancellationToken.None);
        Assert.Equal([(1, false, false), (2, true, true)], versions.Select(v => (v.Version, v.IsLatest, v.IsPublished)));
        var firstJson = await harness.QueryAsync(db => Task.FromResult(db.Set<WorkflowDefinitionRecord>().Single(r => r.Version == 1).Json));
        Assert.Contains("v1 waiting", firstJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Loading_the_same_file_again_changes_nothing()
    {
        await using var harness = await WorkflowHarness.StartAsync();
        await harness.ImportScenarioAsync("Versions", "approval-v1.json");

        var again = await harness.ImportScenarioAsync("Versions", "approval-v1.json");

        Assert.Equal((1, ImportOutcome.Unchanged), (again.Version, again.Outcome));
        Assert.Single(await harness.Store.ListVersionsAsync("approval", CancellationToken.None));
    }

    [Fact]
    public async Task A_draft_sits_beside_the_published_version_until_it_is_published()
    {
        await using var harness = await WorkflowHarness.StartAsync();
        await harness.ImportScenarioAsync("Versions", "approval-v1.json");
        var draftJson = File.ReadAllText(WorkflowHarness.ScenarioPath("Versions", "approval-v2.json")).Replace("\"isPublished\": true", "\"isPublished\": false", StringComparison.Ordinal);

        var draft = await harness.ImportAsync(draftJson, "approval-v2.json");
        var whileDraft = await harness.Runtime.StartAsync("approval");
        await harness.Store.PublishAsync("approval", CancellationToken.None);
        var afterPublish = await harness.Runtime.StartAsync("approval");

        Assert.Equal(ImportOutcome.NewDraftVersion, draft.Outcome);
        Assert.Equal(["v1 waiting"], await harness.LogAsync(whileDraft.InstanceId));
        Assert.Equal(["v2 waiting"], await harness.LogAsync(afterPublish.InstanceId));
        var versions = await harness.Store.ListVersionsAsync("approval", CancellationToken.None);
        Assert.Equal(1, versions.Count(v => v.IsPublished));
        Assert.Equal(1, versions.Count(v => v.IsLatest));
    }

    [Fact]
    public async Task Starting_a_definition_that_has_no_published_version_is_refused_clearly()
    {
        await using var harness = await WorkflowHarness.StartAsync();

        var error = await Assert.ThrowsAsync<WorkflowNotFoundException>(() => harness.Runtime.StartAsync("nobody-published-this"));

        Assert.Contains("no published version of the workflow definition 'nobody-published-this'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Written_definitions_carry_the_version_bookkeeping_the_store_assigned()
    {
        await using var harness = await WorkflowHarness.StartAsync();
        var v1 = await harness.ImportScenarioAsync("Versions", "approval-v1.json");

        var stored = await harness.QueryAsync(db => Task.FromResult(db.Set<WorkflowDefinitionRecord>().Single()));
        var definition = DefinitionReader.Read(stored.Json, "stored").Definition!;

        Assert.Equal((v1.VersionId, 1, true, true), (definition.Id, definition.Version, definition.IsLatest, definition.IsPublished));
    }

    [Fact]
    public async Task A_node_that_started_the_old_version_starts_the_one_another_node_published_and_writes_nothing_of_the_old()
    {
        await using var nodeA = await WorkflowHarness.StartAsync();
        await using var nodeB = await WorkflowHarness.StartAsync(sameFolderAs: nodeA);
        await nodeA.ImportAsync(Waits("v1"));
        var before = await nodeA.Runtime.StartAsync("versioned", correlationId: "before");

        await nodeB.ImportAsync(Waits("v2"));
        var after = await nodeA.Runtime.StartAsync("versioned", correlationId: "after");

        Assert.Equal(["v1 waiting"], await nodeA.LogAsync(before.InstanceId));
        Assert.Equal(["v2 waiting"], await nodeA.LogAsync(after.InstanceId));
        Assert.Equal(2, (await nodeA.DetailsAsync(after.InstanceId)).Summary.Version);
        Assert.Equal(1, await nodeA.QueryAsync(db => db.Set<WorkflowInstanceRecord>().CountAsync(i => i.CorrelationId == "after")));
    }

    [Fact]
    public async Task An_activity_with_side_effects_never_runs_on_a_version_another_node_has_replaced()
    {
        await using var nodeA = await WorkflowHarness.StartAsync();
        await using var nodeB = await WorkflowHarness.StartAsync(sameFolderAs: nodeA);
        await nodeA.ImportAsync(CountsFirst("v1"));
        RunAssert.Finished(await nodeA.Runtime.StartAsync("counts-first"));

        await nodeB.ImportAsync(CountsFirst("v2"));
        RunAssert.Finished(await nodeA.Runtime.StartAsync("counts-first"));

        var counts = nodeA.Get<TestActivities.Script>().Counts;
        Assert.Equal((1, 1), (counts.GetValueOrDefault("v1"), counts.GetValueOrDefault("v2")));
        Assert.Equal([1, 2], await nodeA.QueryAsync(db => db.Set<WorkflowInstanceRecord>().OrderBy(i => i.Version).Select(i => i.Version).ToListAsync()));
    }

    [Fact]
    public async Task An_activity_whose_writes_commit_with_the_instance_may_run_on_a_replaced_version_and_its_writes_go_back_with_the_refused_commit()
    {
        await using var nodeA = await WorkflowHarness.StartAsync();
        await using var nodeB = await WorkflowHarness.StartAsync(sameFolderAs: nodeA);
        await nodeA.ImportAsync(MarksFirst("v1"));
        RunAssert.Finished(await nodeA.Runtime.StartAsync("marks-first"));

        await nodeB.ImportAsync(MarksFirst("v2"));
        RunAssert.Finished(await nodeA.Runtime.StartAsync("marks-first"));

        // No read confirmed v1 before the activity ran again on it; the commit that found v2 published took its row back.
        var counts = nodeA.Get<TestActivities.Script>().Counts;
        Assert.Equal((2, 1), (counts.GetValueOrDefault("v1"), counts.GetValueOrDefault("v2")));
        var marks = await nodeA.QueryAsync(db => db.Set<WorkflowLogRecord>().Where(l => l.ActivityId == "mark").Select(l => l.Message).OrderBy(m => m).ToListAsync());
        Assert.Equal(["v1", "v2"], marks);
        Assert.Equal([1, 2], await nodeA.QueryAsync(db => db.Set<WorkflowInstanceRecord>().OrderBy(i => i.Version).Select(i => i.Version).ToListAsync()));
    }

    [Theory]
    [InlineData(0, "assumed", "claimed")]
    [InlineData(1, "read first", "claimed after reading")]
    public async Task Commit_work_that_refuses_what_an_activity_assumed_runs_the_start_again_once_reading_and_nothing_of_the_first_try_is_kept(
        int refusals, string logged, string claim)
    {
        await using var harness = await WorkflowHarness.StartAsync();
        await harness.ImportAsync(AssumesFirst);
        harness.Get<TestActivities.Script>().RefusalsLeft = refusals;

        var run = await harness.Runtime.StartAsync("assumes-first", correlationId: "c1");

        RunAssert.Finished(run);
        var log = await harness.LogAsync(run.InstanceId);
        Assert.Contains(logged, log);
        Assert.DoesNotContain(logged == "assumed" ? "read first" : "assumed", log); // the first try's line went back with it
        Assert.Equal(1, await harness.QueryAsync(db => db.Set<WorkflowInstanceRecord>().CountAsync(i => i.CorrelationId == "c1")));
        Assert.Equal([claim], await harness.QueryAsync(db => db.Set<WorkflowLogRecord>().Where(l => l.ActivityId == "claim").Select(l => l.Message).ToListAsync()));
        var counts = harness.Get<TestActivities.Script>().Counts;
        Assert.Equal((1, refusals), (counts.GetValueOrDefault("assumed"), counts.GetValueOrDefault("read")));
    }

    [Fact]
    public async Task Commit_work_that_refuses_again_after_reading_fails_the_start_with_its_reason_and_writes_nothing()
    {
        await using var harness = await WorkflowHarness.StartAsync();
        await harness.ImportAsync(AssumesFirst);
        harness.Get<TestActivities.Script>().RefusalsLeft = 2;

        var error = await Assert.ThrowsAsync<StartAgainException>(() => harness.Runtime.StartAsync("assumes-first", correlationId: "c1"));

        Assert.Equal("the assumption does not hold", error.Message);
        Assert.Equal(0, await harness.QueryAsync(db => db.Set<WorkflowInstanceRecord>().CountAsync()));
        Assert.Equal(0, await harness.QueryAsync(db => db.Set<WorkflowLogRecord>().CountAsync()));
    }

    [Fact]
    public async Task A_node_that_remembers_a_withdrawn_version_refuses_the_start_clearly_and_writes_nothing()
    {
        await using var nodeA = await WorkflowHarness.StartAsync();
        await using var nodeB = await WorkflowHarness.StartAsync(sameFolderAs: nodeA);
        await nodeA.ImportAsync(Waits("v1"));
        await nodeA.Runtime.StartAsync("versioned", correlationId: "before");

        await nodeB.QueryAsync(db => db.Set<WorkflowDefinitionRecord>().ExecuteUpdateAsync(u => u.SetProperty(r => r.IsPublished, false)));
        var error = await Assert.ThrowsAsync<WorkflowNotFoundException>(() => nodeA.Runtime.StartAsync("versioned", correlationId: "after"));

        Assert.Contains("no published version of the workflow definition 'versioned'", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, await nodeA.QueryAsync(db => db.Set<WorkflowInstanceRecord>().CountAsync(i => i.CorrelationId == "after")));
    }

    private static string Waits(string version) => $$"""
        {
          "definitionId": "versioned", "name": "Versioned", "isPublished": true,
          "root": { "type": "Elsa.Flowchart", "id": "Flow", "activities": [
            { "id": "Start", "type": "Elsa.Start" },
            { "id": "Before", "type": "Elsa.WriteLine", "text": { "typeName": "String", "expression": { "type": "Literal", "value": "{{version}} waiting" } } },
            { "id": "Wait", "type": "Elsa.Event", "eventName": { "typeName": "String", "expression": { "type": "Literal", "value": "Approved" } } } ],
            "connections": [
              { "source": { "activity": "Start", "port": "Done" }, "target": { "activity": "Before", "port": "In" } },
              { "source": { "activity": "Before", "port": "Done" }, "target": { "activity": "Wait", "port": "In" } } ] }
        }
        """;

    private const string AssumesFirst = """
        {
          "definitionId": "assumes-first", "name": "Assumes first", "isPublished": true,
          "root": { "type": "Elsa.Flowchart", "id": "Flow", "activities": [
            { "id": "Start", "type": "Elsa.Start" },
            { "id": "Claim", "type": "Test.AssumeThenClaim" } ],
            "connections": [ { "source": { "activity": "Start", "port": "Done" }, "target": { "activity": "Claim", "port": "In" } } ] }
        }
        """;

    private static string MarksFirst(string version) => $$"""
        {
          "definitionId": "marks-first", "name": "Marks first", "isPublished": true,
          "root": { "type": "Elsa.Flowchart", "id": "Flow", "activities": [
            { "id": "Mark", "type": "Test.MarkInCommit", "key": { "typeName": "String", "expression": { "type": "Literal", "value": "{{version}}" } } } ],
            "connections": [] }
        }
        """;

    private static string CountsFirst(string version) => $$"""
        {
          "definitionId": "counts-first", "name": "Counts first", "isPublished": true,
          "root": { "type": "Elsa.Flowchart", "id": "Flow", "activities": [
            { "id": "Count", "type": "Test.Count", "key": { "typeName": "String", "expression": { "type": "Literal", "value": "{{version}}" } } } ],
            "connections": [] }
        }
        """;
}
