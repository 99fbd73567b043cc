using System.Net;
using System.Text.Json.Nodes;
using ProfileEngine.Host.CommandLine;
using ProfileEngine.Workflows.Activities;
using ProfileEngine.Tests.Support;
using ProfileEngine.Workflows.Definitions;
using ProfileEngine.Workflows.Definitions.Layout;
using ProfileEngine.Workflows.Expressions;
using ProfileEngine.Workflows.Runtime;

namespace ProfileEngine.Tests.Workflows.Exchange;

/// <summary>What the exporter writes is what a real Elsa 3 reads, and means what the definition meant.</summary>
public sealed class ExportTests
{
    public static TheoryData<string> OurDefinitions => new()
    {
        "cisco-webex-download-subscriptions.json",
        "cisco-webex-reclaim-subscription.json",
        "cisco-webex-update-user-activity.json",
        "sam-removal-candidate.json",
    };

    [Theory]
    [MemberData(nameof(OurDefinitions))]
    public void Our_definitions_round_trip_through_the_export_with_unchanged_meaning(string file)
    {
        var original = ReadFile(Path.Combine(RepositoryPaths.WorkflowsFolder, file));

        var exported = DefinitionWriter.Export(original, ElsaFixtureTests.Validator.Registry);
        var read = DefinitionReader.Read(exported, file, ElsaFixtureTests.Validator.Registry);

        Assert.True(read.Definition is not null, string.Join("\n", read.Problems));
        Assert.Equal(Meaning(original), Meaning(read.Definition!));
        Assert.Empty(read.Warnings);
    }

    [Theory]
    [MemberData(nameof(OurDefinitions))]
    public void The_export_has_what_Elsa_reads_typed_inputs_Elsa_retries_positions_and_text_variable_values(string file)
    {
        var original = ReadFile(Path.Combine(RepositoryPaths.WorkflowsFolder, file));

        var json = DefinitionWriter.ToElsaJson(original);

        Assert.Equal(WorkflowDefinition.ElsaSchema, json["$schema"]!.GetValue<string>());
        Assert.All(json["inputs"]!.AsArray(), input =>
        {
            Assert.NotNull(TypeNames.Resolve(input!["type"]!.GetValue<string>()));
            Assert.Null(input["typeName"]);
        });
        Assert.All(json["variables"]!.AsArray(), variable => Assert.True(variable!["value"] is null || variable["value"]!.GetValueKind() == System.Text.Json.JsonValueKind.String));
        var activities = json["root"]!["activities"]!.AsArray().Select(a => a!.AsObject()).ToList();
        var positions = activities.Select(a => (a["metadata"]!["designer"]!["position"]!["x"]!.GetValue<double>(), a["metadata"]!["designer"]!["position"]!["y"]!.GetValue<double>())).ToList();
        Assert.Equal(positions.Count, positions.Distinct().Count());
        foreach (var activity in activities.Where(a => a["customProperties"]?["retryPolicy"] is not null))
        {
            var strategy = activity["customProperties"]!["resilienceStrategy"]!;
            Assert.Equal("Identifier", strategy["mode"]!.GetValue<string>());
            Assert.Equal(
                RetryPolicies.Parse(activity["customProperties"]!["retryPolicy"], out _),
                RetryPolicies.Parse(ElsaResilienceStrategy.ToRetryPolicy(strategy), out _));
        }
    }

    [Fact]
    public void Retries_given_only_in_Elsas_key_are_read_back_and_a_catalog_strategy_is_a_warning()
    {
        var json = """
            { "definitionId": "retries", "root": { "type": "Elsa.Sequence", "id": "Seq", "activities": [
              { "id": "Ours", "type": "Elsa.WriteLine", "text": "a", "customProperties": { "resilienceStrategy": { "mode": "Identifier", "strategyId": "retry-3-attempts-00:10:00-x2" } } },
              { "id": "Theirs", "type": "Elsa.WriteLine", "text": "b", "customProperties": { "resilienceStrategy": { "mode": "Identifier", "strategyId": "http-default" } } } ] } }
            """;

        var read = DefinitionReader.Read(json, "retries.json", ElsaFixtureTests.Validator.Registry);

        var nodes = read.Definition!.Root.Activities!;
        Assert.Equal(new RetryPolicy(3, TimeSpan.FromMinutes(10), 2), RetryPolicies.FromDefinition(nodes[0]));
        Assert.Null(RetryPolicies.FromDefinition(nodes[1]));
        var warning = Assert.Single(read.Warnings);
        Assert.Equal("$.root.activities[1].customProperties.resilienceStrategy", warning.JsonPath);
    }

    [Fact]
    public void Object_literals_are_written_as_Elsa_writes_them_and_mean_the_same_JSON()
    {
        var json = """
            { "definitionId": "objects", "variables": [ { "name": "x", "typeName": "Object", "value": { "a": [1, 2] } } ],
              "root": { "type": "Elsa.Sequence", "id": "Seq", "activities": [
                { "id": "Set", "type": "Elsa.SetVariable", "variable": { "name": "x" },
                  "value": { "typeName": "Object", "expression": { "type": "Literal", "value": { "b": true } } } } ] } }
            """;
        var definition = DefinitionReader.Read(json, "objects.json").Definition!;

        var exported = DefinitionWriter.ToElsaJson(definition, ElsaFixtureTests.Validator.Registry);

        var value = exported["root"]!["activities"]![0]!["value"]!;
        Assert.Equal("Object", value["expression"]!["type"]!.GetValue<string>());
        Assert.Equal("{\"b\":true}", value["expression"]!["value"]!.GetValue<string>());
        Assert.Equal("JsonNode", value["typeName"]!.GetValue<string>());
        Assert.Equal("{\"a\":[1,2]}", exported["variables"]![0]!["value"]!.GetValue<string>());
        var back = DefinitionReader.Read(exported.ToJsonString(), "back.json").Definition!;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("{\"b\":true}"), ExpressionEvaluator.ParseObjectLiteral(back.Root.Activities![0].Inputs["value"].Expression)));
    }

    [Fact]
    public void The_layout_puts_each_activity_right_of_what_leads_to_it_and_branches_on_their_own_rows()
    {
        var positions = FlowchartLayout.Arrange(
            ["Start", "Decide", "Yes", "No", "After"],
            [("Start", "Decide"), ("Decide", "Yes"), ("Decide", "No"), ("Yes", "After"), ("After", "Start")]);

        Assert.Equal(new LayoutPosition(40, 40), positions["Start"]);
        Assert.Equal(new LayoutPosition(320, 40), positions["Decide"]);
        Assert.Equal(600, positions["Yes"].X);
        Assert.Equal(600, positions["No"].X);
        Assert.NotEqual(positions["Yes"].Y, positions["No"].Y);
        Assert.Equal(880, positions["After"].X);
    }

    [Fact]
    public async Task The_export_endpoint_downloads_a_version_and_says_404_for_an_unknown_definition_or_version()
    {
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?>
        {
            ["ProfileEngine:WebexSimulator:Enabled"] = "false",
            ["ProfileEngine:Workflows:DefinitionsFolder"] = Path.Combine(RepositoryPaths.WorkflowsFolder),
        });
        using var http = host.CreateClient();

        using var latest = await http.GetAsync(new Uri("workflows/definitions/sam-removal-candidate/export", UriKind.Relative));
        using var first = await http.GetAsync(new Uri("workflows/definitions/sam-removal-candidate/export?version=1", UriKind.Relative));
        using var noVersion = await http.GetAsync(new Uri("workflows/definitions/sam-removal-candidate/export?version=9", UriKind.Relative));
        using var noDefinition = await http.GetAsync(new Uri("workflows/definitions/nope/export", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, latest.StatusCode);
        Assert.Equal("application/json", latest.Content.Headers.ContentType!.MediaType);
        Assert.Equal("sam-removal-candidate-v1.json", latest.Content.Headers.ContentDisposition!.FileNameStar ?? latest.Content.Headers.ContentDisposition.FileName);
        var body = await latest.Content.ReadAsStringAsync();
        var exported = DefinitionReader.Read(body, "exported.json").Definition!;
        var original = ReadFile(Path.Combine(RepositoryPaths.WorkflowsFolder, "sam-removal-candidate.json"));
        Assert.Equal(Meaning(original), Meaning(exported));
        Assert.Equal(body, await first.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, noVersion.StatusCode);
        Assert.Contains("The workflow definition 'sam-removal-candidate' has no version 9 (its versions: 1).", await noVersion.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, noDefinition.StatusCode);
        Assert.Contains("There is no workflow definition 'nope'.", await noDefinition.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_export_verb_writes_stdout_or_a_file_and_exits_2_for_an_unknown_definition_or_version()
    {
        using var data = new TempDataFolder();
        var file = data.File("exported.json");

        var toStdout = await RunAsync(data, "workflows", "export", "cisco-webex-reclaim-subscription");
        var toFile = await RunAsync(data, "workflows", "export", "cisco-webex-reclaim-subscription", "--version", "1", "--output", file);
        var noVersion = await RunAsync(data, "workflows", "export", "cisco-webex-reclaim-subscription", "--version", "4");
        var noDefinition = await RunAsync(data, "workflows", "export", "nope");

        Assert.True(toStdout.Code == 0, toStdout.Error);
        var exported = DefinitionReader.Read(toStdout.Output, "stdout").Definition!;
        var original = ReadFile(Path.Combine(RepositoryPaths.WorkflowsFolder, "cisco-webex-reclaim-subscription.json"));
        Assert.Equal(Meaning(original), Meaning(exported));
        Assert.Equal(0, toFile.Code);
        Assert.Contains("cisco-webex-reclaim-subscription v1 written to", toFile.Output, StringComparison.Ordinal);
        Assert.Equal(toStdout.Output.TrimEnd(), (await File.ReadAllTextAsync(file)).TrimEnd());
        Assert.Equal(2, noVersion.Code);
        Assert.Contains("The workflow definition 'cisco-webex-reclaim-subscription' has no version 4 (its versions: 1).", noVersion.Error, StringComparison.Ordinal);
        Assert.Equal(2, noDefinition.Code);
        Assert.Contains("There is no workflow definition 'nope'.", noDefinition.Error, StringComparison.Ordinal);
    }

    private static WorkflowDefinition ReadFile(string path)
    {
        var read = DefinitionReader.Read(File.ReadAllText(path), Path.GetFileName(path));
        Assert.True(read.Definition is not null, string.Join("\n", read.Problems));
        return read.Definition!;
    }

    /// <summary>What a definition means: activities, inputs (Object literals as their JSON), outputs, connections, retries, variables, workflow inputs.</summary>
    private static string Meaning(WorkflowDefinition definition)
    {
        var lines = new List<string> { $"definition {definition.DefinitionId}" };
        lines.AddRange(definition.Inputs.Select(i => $"input {i.Name}: {TypeNames.Resolve(i.TypeName)}"));
        lines.AddRange(definition.Variables.Select(v => $"variable {v.Id}/{v.Name}: {TypeNames.Resolve(v.TypeName)} = {InitialValue(v)}"));
        foreach (var node in definition.AllActivities())
        {
            lines.Add($"activity {node.Id} {node.Type} retry {RetryPolicies.FromDefinition(node)}");
            lines.AddRange(node.Inputs.OrderBy(i => i.Key, StringComparer.Ordinal).Select(i => $"  in {i.Key} = {ExpressionMeaning(i.Value.Expression)}"));
            lines.AddRange(node.Outputs.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => $"  out {o.Key} -> {o.Value.MemoryReferenceId}"));
            lines.AddRange((node.Connections ?? []).Select(c => $"  {c.SourceActivity}:{c.SourcePort} -> {c.TargetActivity}:{c.TargetPort}"));
            if (node.Extensions[SetVariable()] is { } variable)
            {
                lines.Add($"  sets {ProfileEngine.Workflows.Activities.BuiltIn.SetVariable.ReferencedVariable(variable)}");
            }
        }

        return string.Join("\n", lines);
    }

    private static string SetVariable() => ProfileEngine.Workflows.Activities.BuiltIn.SetVariable.VariableProperty;

    private static string InitialValue(VariableDefinition variable) =>
        variable.Value is null || TypeNames.Resolve(variable.TypeName) is not { } type
            ? "null"
            : TypeNames.ToJson(TypeNames.Convert(variable.Value, type))?.ToJsonString() ?? "null";

    private static string ExpressionMeaning(Expression expression) => expression.Type switch
    {
        Expression.ObjectLiteral or Expression.ObsoleteJson => $"Literal {ExpressionEvaluator.ParseObjectLiteral(expression)?.ToJsonString()}",
        Expression.Variable => $"Variable {expression.VariableReference}",
        _ => $"{expression.Type} {expression.Value?.ToJsonString()}",
    };

    private static async Task<(int Code, string Output, string Error)> RunAsync(TempDataFolder data, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await EngineCommandLine.RunAsync([.. args, "--data-folder", data.Path], output, error);
        return (code, output.ToString(), error.ToString());
    }
}
