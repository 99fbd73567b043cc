using System.Text.Json.Nodes;
using ProfileEngine.Workflows.Definitions;

namespace ProfileEngine.Tests.Workflows.Exchange;

/// <summary>The loader reads a folder as Elsa would, reports what it filled in or ignored, and the stored result runs.</summary>
public sealed class LoadingTests
{
    [Fact]
    public async Task A_file_without_ids_with_bare_values_and_an_extra_input_loads_with_warnings_and_runs()
    {
        await using var harness = await WorkflowHarness.StartAsync();
        var folder = Directory.CreateDirectory(Path.Combine(harness.Folder, "elsa-files")).FullName;
        await File.WriteAllTextAsync(Path.Combine(folder, "greeter.json"), """
            { "isPublished": true,
              "root": { "type": "Elsa.Flowchart", "activities": [
                { "type": "Elsa.Start" },
                { "type": "Elsa.WriteLine", "text": "Hello from Elsa", "priority": { "typeName": "Int32", "expression": { "type": "Literal", "value": "1" } } } ],
                "connections": [ { "source": "Start1", "target": "WriteLine1" } ] } }
            """);

        var report = await harness.Loader.LoadFolderAsync(folder, CancellationToken.None);
        var run = await harness.Runtime.StartAsync("greeter");

        Assert.Empty(report.Problems);
        Assert.Equal("greeter", Assert.Single(report.Imported).DefinitionId);
        Assert.Equal(
            [
                "$.definitionId: no definitionId: using 'greeter' (from the file name)",
                "$.root.id: no activity id: using 'Flowchart1'",
                "$.root.activities[0].id: no activity id: using 'Start1'",
                "$.root.activities[1].id: no activity id: using 'WriteLine1'",
                "$.root.activities[1].priority: Elsa.WriteLine has no input 'priority' (its inputs: text); it is ignored",
            ],
            report.Warnings.Select(w => $"{w.JsonPath}: {w.Reason}"));
        RunAssert.Finished(run);
        Assert.Equal(["Hello from Elsa"], await harness.LogAsync(run.InstanceId));
    }

    [Fact]
    public void The_export_keeps_the_designers_positions_and_lays_out_only_the_activities_without_one()
    {
        var json = """
            { "definitionId": "half-drawn", "root": { "type": "Elsa.Flowchart", "id": "Flow", "activities": [
                { "id": "Start", "type": "Elsa.Start", "metadata": { "designer": { "position": { "x": 512.5, "y": 96 }, "size": { "width": 100, "height": 50 } } } },
                { "id": "Say", "type": "Elsa.WriteLine", "text": { "typeName": "String", "expression": { "type": "Literal", "value": "hi" } } } ],
              "connections": [ { "source": { "activity": "Start", "port": "Done" }, "target": { "activity": "Say", "port": "In" } } ] } }
            """;
        var definition = DefinitionReader.Read(json, "half-drawn.json").Definition!;

        var exported = DefinitionWriter.ToElsaJson(definition);

        var activities = exported["root"]!["activities"]!.AsArray();
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""{ "designer": { "position": { "x": 512.5, "y": 96 }, "size": { "width": 100, "height": 50 } } }"""),
            activities[0]!["metadata"]));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{ "x": 320, "y": 40 }"""), activities[1]!["metadata"]!["designer"]!["position"]));
    }
}
