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
}
