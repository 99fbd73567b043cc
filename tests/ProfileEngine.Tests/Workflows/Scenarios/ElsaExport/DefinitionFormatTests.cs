using System.Text.Json.Nodes;
using ProfileEngine.Workflows.Definitions;
using ProfileEngine.Workflows.Persistence;

namespace ProfileEngine.Tests.Workflows;

/// <summary>Scenario ElsaExport: Elsa 3's exported shape is read, runs, and is written back unchanged.</summary>
public sealed class DefinitionFormatTests
{
    [Fact]
    public async Task A_definition_exported_by_Elsa_Studio_imports_and_runs()
    {
        await using var harness = await WorkflowHarness.StartAsync();
        var import = await harness.ImportScenarioAsync("ElsaExport", "decision-exported.json");

        var run = await harness.Runtime.StartAsync(import.DefinitionId);

        RunAssert.Finished(run);
        Assert.Equal(["big", "the number is 42"], await harness.LogAsync(run.InstanceId));
        Assert.Equal(42, (await harness.VariableAsync(run.InstanceId, "myNumber"))!.GetValue<int>());
        var executions = (await harness.DetailsAsync(run.InstanceId)).Executions;
        Assert.Equal(
            ["8d3ecf38f4425d86", "342cf539286a991d", "5c1f6a0d8e2b4a11", "35c0f40b240666c6", "79e963ee9889c30a", "a1b2c3d4e5f60718"],
            executions.Select(e => e.ActivityId));
        Assert.Equal("True", executions.Single(e => e.ActivityType == "Elsa.FlowDecision").Outcomes);
        Assert.All(executions, e => Assert.Equal(ActivityRunStatus.Completed, e.Status));
    }

    [Fact]
    public void Writing_an_exported_definition_gives_back_the_same_document_including_keys_the_runtime_does_not_know()
    {
        var original = File.ReadAllText(WorkflowHarness.ScenarioPath("ElsaExport", "decision-exported.json"));
        var read = DefinitionReader.Read(original, "decision-exported.json");

        var written = DefinitionWriter.Write(read.Definition!);

        Assert.True(
            JsonNode.DeepEquals(JsonNode.Parse(original), JsonNode.Parse(written)),
            $"The round trip changed the document:\n{written}");
        var again = DefinitionReader.Read(written, "written.json");
        Assert.Equal(written, DefinitionWriter.Write(again.Definition!));
    }

    [Fact]
    public async Task Legacy_flat_connections_are_read_run_and_written_back_in_the_nested_format()
    {
        await using var harness = await WorkflowHarness.StartAsync();
        var json = File.ReadAllText(WorkflowHarness.ScenarioPath("ElsaExport", "legacy-connections.json"));
        var import = await harness.ImportAsync(json, "legacy-connections.json");

        var run = await harness.Runtime.StartAsync(import.DefinitionId);

        RunAssert.Finished(run);
        Assert.Equal(["first", "second"], await harness.LogAsync(run.InstanceId));
        var written = JsonNode.Parse(DefinitionWriter.Write(DefinitionReader.Read(json, "legacy").Definition!))!;
        var connection = written["root"]!["connections"]![0]!;
        Assert.Equal("Start1", connection["source"]!["activity"]!.GetValue<string>());
        Assert.Equal("Done", connection["source"]!["port"]!.GetValue<string>());
        Assert.Equal("WriteLine1", connection["target"]!["activity"]!.GetValue<string>());
        Assert.Null(connection["sourcePort"]);
        Assert.True(written["root"]!["applicationProperties"]!["legacy"]!.GetValue<bool>(), "unknown keys of the 2023 format survive");
    }

    [Theory]
    [InlineData(3, "counter is small", "Hello Ada! Hello Ada! Hello Ada! Hello Ada!")]
    [InlineData(5, "counter is big", "Hello Ada! Hello Ada! Hello Ada! Hello Ada! Hello Ada! Hello Ada!")]
    public async Task A_sequence_runs_If_branches_JavaScript_inputs_and_a_custom_activity_with_bound_output(int step, string branchLine, string greeting)
    {
        await using var harness = await WorkflowHarness.StartAsync();
        await harness.ImportScenarioAsync("ElsaExport", "sequence-if.json");

        var run = await harness.Runtime.StartAsync("sequence-if", new JsonObject { ["step"] = step, ["who"] = "Ada" });

        RunAssert.Finished(run);
        Assert.Equal([branchLine, greeting], await harness.LogAsync(run.InstanceId));
        Assert.Equal(greeting, (await harness.VariableAsync(run.InstanceId, "Greeting"))!.GetValue<string>());
        var greet = (await harness.DetailsAsync(run.InstanceId)).Executions.Single(e => e.ActivityId == "Greet1");
        Assert.Equal(greeting, JsonNode.Parse(greet.OutputsJson!)!["greeting"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_custom_activity_chooses_its_own_port()
    {
        await using var harness = await WorkflowHarness.StartAsync();
        var json = """
            {
              "definitionId": "classify", "isPublished": true,
              "root": { "type": "Elsa.Flowchart", "id": "Flow", "activities": [
                { "id": "Sort", "type": "Test.Classify", "size": { "typeName": "Int32", "expression": { "type": "JavaScript", "value": "getInput('size')" } } },
                { "id": "S", "type": "Elsa.WriteLine", "text": { "typeName": "String", "expression": { "type": "Literal", "value": "small" } } },
                { "id": "L", "type": "Elsa.WriteLine", "text": { "typeName": "String", "expression": { "type": "Literal", "value": "large" } } } ],
                "connections": [
                  { "source": { "activity": "Sort", "port": "Small" }, "target": { "activity": "S", "port": "In" } },
                  { "source": { "activity": "Sort", "port": "Large" }, "target": { "activity": "L", "port": "In" } } ] }
            }
            """;
        await harness.ImportAsync(json);

        var small = await harness.Runtime.StartAsync("classify", new JsonObject { ["size"] = 3 });
        var large = await harness.Runtime.StartAsync("classify", new JsonObject { ["size"] = 30 });

        Assert.Equal(["small"], await harness.LogAsync(small.InstanceId));
        Assert.Equal(["large"], await harness.LogAsync(large.InstanceId));
    }

    [Fact]
    public async Task End_stops_the_flowchart_and_cancels_what_is_still_waiting_there()
    {
        await using var harness = await WorkflowHarness.StartAsync();
        var json = """
            {
              "definitionId": "end-early", "isPublished": true,
              "root": { "type": "Elsa.Flowchart", "id": "Flow", "activities": [
                { "id": "Start", "type": "Elsa.Start" },
                { "id": "Wait", "type": "Elsa.Event", "eventName": { "typeName": "String", "expression": { "type": "Literal", "value": "Never" } } },
                { "id": "Stop", "type": "Elsa.End" } ],
                "connections": [
                  { "source": { "activity": "Start", "port": "Done" }, "target": { "activity": "Wait", "port": "In" } },
                  { "source": { "activity": "Start", "port": "Done" }, "target": { "activity": "Stop", "port": "In" } } ] }
            }
            """;
        await harness.ImportAsync(json);

        var run = await harness.Runtime.StartAsync("end-early");

        RunAssert.Finished(run);
        var details = await harness.DetailsAsync(run.InstanceId);
        Assert.Empty(details.Bookmarks);
        Assert.Equal(ActivityRunStatus.Cancelled, details.Executions.Single(e => e.ActivityId == "Wait").Status);
        Assert.Empty(await harness.QueryAsync(db => Task.FromResult(db.Set<WorkflowBookmarkRecord>().ToList())));
    }
}
