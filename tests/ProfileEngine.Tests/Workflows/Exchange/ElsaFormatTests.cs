using System.Text.Json.Nodes;
using ProfileEngine.Workflows.Activities;
using ProfileEngine.Workflows.Definitions;
using ProfileEngine.Workflows.Expressions;

namespace ProfileEngine.Tests.Workflows.Exchange;

/// <summary>The shapes Elsa writes that this runtime reads as Elsa does (each rule's Elsa source is cited in the reader).</summary>
public sealed class ElsaFormatTests
{
    private static ActivityRegistry Registry => ElsaFixtureTests.Validator.Registry;

    [Fact]
    public async Task Studio_shapes_run_variable_objects_object_literals_bare_values_flat_connections_and_values_wrappers()
    {
        await using var harness = await WorkflowHarness.StartAsync();
        var json = """
            {
              "name": "studio-shapes", "isPublished": true,
              "inputs": [ { "name": "who", "type": "String" } ],
              "variables": [ { "id": "v-greeting", "name": "Greeting", "typeName": "String", "value": "Hello" },
                             { "id": "v-settings", "name": "Settings", "typeName": "ObjectDictionary" } ],
              "root": { "type": "Elsa.Flowchart", "id": "Flow", "activities": { "$values": [
                { "id": "Start", "type": "Elsa.Start" },
                { "id": "Greet", "type": "Elsa.WriteLine",
                  "text": { "typeName": "Object", "expression": { "type": "Variable", "value": { "id": "v-greeting", "name": "Greeting", "typeName": "String" } } } },
                { "id": "Again", "type": "Elsa.WriteLine",
                  "text": { "typeName": "String", "expression": { "type": "Variable", "value": "{\"id\":\"v-greeting\",\"name\":\"Greeting\"}" } } },
                { "type": "Elsa.SetVariable", "variable": { "id": "v-settings", "name": "Settings" },
                  "value": { "typeName": "Object", "expression": { "type": "Object", "value": "{\"retries\": 3, \"hosts\": [\"a\", \"b\"]}" } } },
                { "id": "Plain", "type": "Elsa.WriteLine", "text": "plain text" } ] },
                "connections": { "$values": [
                  { "source": "Start", "target": "Greet" },
                  { "source": "Greet", "target": "Again" },
                  { "source": "Again", "target": "SetVariable1" },
                  { "source": "SetVariable1", "target": "Plain" } ] } }
            }
            """;
        var read = DefinitionReader.Read(json, "studio-shapes.json", Registry);
        Assert.Empty(read.Problems);
        var definition = read.Definition!;
        Assert.Empty(ElsaFixtureTests.Validator.Validate(definition, "studio-shapes.json"));
        await harness.Store.ImportAsync(definition, "studio-shapes.json", CancellationToken.None);

        var run = await harness.Runtime.StartAsync("studio-shapes");

        RunAssert.Finished(run);
        Assert.Equal(["Hello", "Hello", "plain text"], await harness.LogAsync(run.InstanceId));
        var settings = await harness.VariableAsync(run.InstanceId, "Settings");
        Assert.Equal(3, settings!["retries"]!.GetValue<int>());
        Assert.Equal("String", Assert.Single(definition.Inputs).TypeName);
        Assert.Contains(read.Warnings, w => w.JsonPath == "$.definitionId" && w.Reason.Contains("'studio-shapes'", StringComparison.Ordinal));
        Assert.Contains(read.Warnings, w => w.Reason == "no activity id: using 'SetVariable1'");
    }

    [Fact]
    public void PascalCase_connections_and_a_single_connection_object_are_read_as_Elsa_reads_them()
    {
        var pascal = DefinitionReader.Read("""
            { "definitionId": "pascal", "root": { "type": "Elsa.Flowchart", "id": "Flow", "activities": [
                { "id": "A", "type": "Elsa.Start" }, { "id": "B", "type": "Elsa.End" } ],
              "connections": [ { "Source": { "Activity": "A", "Port": "Done" }, "Target": { "Activity": "B", "Port": "In" } } ] } }
            """, "pascal.json", Registry).Definition!;
        var single = DefinitionReader.Read("""
            { "definitionId": "single", "root": { "type": "Elsa.Flowchart", "id": "Flow", "activities": [
                { "id": "A", "type": "Elsa.Start" }, { "id": "B", "type": "Elsa.End" } ],
              "connections": { "source": "A", "target": "B" } } }
            """, "single.json", Registry).Definition!;

        foreach (var definition in new[] { pascal, single })
        {
            var connection = Assert.Single(definition.Root.Connections!);
            Assert.Equal(("A", "Done", "B", "In"), (connection.SourceActivity, connection.SourcePort, connection.TargetActivity, connection.TargetPort));
        }
    }

    [Theory]
    [InlineData("JSON", typeof(JsonNode))]
    [InlineData("ObjectDictionary", typeof(JsonObject))]
    [InlineData("StringDictionary", typeof(Dictionary<string, string>))]
    [InlineData("Int32?", typeof(int?))]
    [InlineData("List<String>", typeof(List<string>))]
    [InlineData("IEnumerable<Int64>", typeof(List<long>))]
    [InlineData("JsonArray", typeof(JsonArray))]
    [InlineData("ByteArray", typeof(byte[]))]
    [InlineData("String[]", typeof(string[]))]
    [InlineData("System.Int32", typeof(int))]
    [InlineData("System.String, System.Private.CoreLib", typeof(string))]
    [InlineData("System.Collections.Generic.List`1[[System.String, System.Private.CoreLib]], System.Private.CoreLib", typeof(List<string>))]
    [InlineData("System.Nullable`1[[System.Boolean, System.Private.CoreLib]], System.Private.CoreLib", typeof(bool?))]
    public void Elsa_type_aliases_and_clr_names_resolve(string typeName, Type expected)
    {
        Assert.Equal(expected, TypeNames.Resolve(typeName));
    }

    [Fact]
    public void Unknown_types_stay_unknown_and_aliases_are_written_as_Elsa_writes_them()
    {
        Assert.Null(TypeNames.Resolve("Elsa.Http.HttpRequestModel, Elsa.Http"));
        Assert.Null(TypeNames.Resolve("Dictionary<String>"));
        Assert.Equal("Int64", TypeNames.NameOf(typeof(long)));
        Assert.Equal("Int32?", TypeNames.NameOf(typeof(int?)));
        Assert.Equal("List<String>", TypeNames.NameOf(typeof(List<string>)));
        Assert.Equal(new byte[] { 1, 2, 3 }, (byte[])TypeNames.Convert(JsonValue.Create("AQID"), typeof(byte[]))!);
        Assert.Equal(7, TypeNames.Convert(JsonValue.Create("7"), typeof(int?)));
    }

    [Fact]
    public void Elsa_leniencies_input_typeName_ignored_unknown_inputs_warned_null_text_allowed()
    {
        var check = Check("""
            { "definitionId": "lenient", "root": { "type": "Elsa.Flowchart", "id": "Flow", "activities": [
                { "id": "Decide", "type": "Elsa.FlowDecision",
                  "condition": { "typeName": "Elsa.Some.Unknown, Elsa", "expression": { "type": "JavaScript", "value": "1 < 2" } },
                  "colour": { "typeName": "String", "expression": { "type": "Literal", "value": "blue" } } },
                { "id": "Say", "type": "Elsa.WriteLine", "text": null } ],
              "connections": [ { "source": { "activity": "Decide", "port": "True" }, "target": { "activity": "Say", "port": "In" } } ] } }
            """);

        Assert.Empty(check.Problems);
        var warning = Assert.Single(check.Warnings);
        Assert.Equal("$.root.activities[0].colour", warning.JsonPath);
        Assert.Equal("Elsa.FlowDecision has no input 'colour' (its inputs: condition); it is ignored", warning.Reason);
    }

    [Fact]
    public void A_loop_is_reported_as_a_loop_not_as_a_join()
    {
        var check = Check("""
            { "definitionId": "loop", "variables": [ { "name": "n", "typeName": "Int32", "value": "0" } ],
              "root": { "type": "Elsa.Flowchart", "id": "Flow", "activities": [
                { "id": "Start", "type": "Elsa.Start" },
                { "id": "Count", "type": "Elsa.SetVariable", "variable": { "name": "n" },
                  "value": { "typeName": "Object", "expression": { "type": "JavaScript", "value": "getVariable('n') + 1" } } },
                { "id": "More", "type": "Elsa.FlowDecision", "condition": { "typeName": "Boolean", "expression": { "type": "JavaScript", "value": "getVariable('n') < 3" } } } ],
              "connections": [
                { "source": { "activity": "Start", "port": "Done" }, "target": { "activity": "Count", "port": "In" } },
                { "source": { "activity": "Count", "port": "Done" }, "target": { "activity": "More", "port": "In" } },
                { "source": { "activity": "More", "port": "True" }, "target": { "activity": "Count", "port": "In" } } ] } }
            """);

        var problem = Assert.Single(check.Problems);
        Assert.Equal("$.root.connections[2]", problem.JsonPath);
        Assert.Equal("cycle Count → More → Count: this connection loops back to 'Count'; flowchart loops are not supported by this runtime (use Elsa.ForEach to repeat work)", problem.Reason);
    }

    [Fact]
    public void All_problems_of_an_activity_are_reported_even_when_its_type_is_unknown()
    {
        var check = Check("""
            { "definitionId": "many", "root": { "type": "Elsa.Sequence", "id": "Seq", "activities": [
                { "id": "Odd", "type": "Acme.Unknown",
                  "customProperties": { "retryPolicy": { "maxAttempts": 0 } },
                  "a": { "typeName": "String", "expression": { "type": "JavaScript", "value": "1 +" } },
                  "b": { "typeName": "String", "expression": { "type": "Liquid", "value": "{{ Variables.X }}" } },
                  "c": { "typeName": "String", "expression": { "type": "Variable", "value": "Nobody" } } } ] } }
            """);

        Assert.Collection(
            check.Problems.OrderBy(p => p.JsonPath, StringComparer.Ordinal),
            p => Assert.StartsWith("JavaScript syntax error", p.Reason, StringComparison.Ordinal),
            p => Assert.StartsWith("Liquid expressions are not run by this runtime (Elsa runs them with Fluid", p.Reason, StringComparison.Ordinal),
            p => Assert.Equal("'Nobody' is not a declared variable", p.Reason),
            p => Assert.StartsWith("retryPolicy needs 1-100 maxAttempts", p.Reason, StringComparison.Ordinal),
            p => Assert.StartsWith("unknown activity type 'Acme.Unknown'", p.Reason, StringComparison.Ordinal));
    }

    [Fact]
    public void An_object_literal_that_is_not_JSON_is_refused_where_it_is()
    {
        var check = Check("""
            { "definitionId": "bad-object", "variables": [ { "name": "x", "typeName": "Object" } ],
              "root": { "type": "Elsa.Sequence", "id": "Seq", "activities": [
                { "id": "Set", "type": "Elsa.SetVariable", "variable": { "name": "x" },
                  "value": { "typeName": "Object", "expression": { "type": "Object", "value": "{ not json" } } } ] } }
            """);

        var problem = Assert.Single(check.Problems);
        Assert.Equal("$.root.activities[0].value.expression.value", problem.JsonPath);
        Assert.StartsWith("the Object expression is not valid JSON", problem.Reason, StringComparison.Ordinal);
    }

    private static DefinitionCheck Check(string json)
    {
        var read = DefinitionReader.Read(json, "test.json", Registry);
        Assert.True(read.Definition is not null, string.Join("\n", read.Problems));
        var check = ElsaFixtureTests.Validator.Check(read.Definition!, "test.json");
        return new DefinitionCheck(check.Problems, [.. read.Warnings, .. check.Warnings]);
    }
}
