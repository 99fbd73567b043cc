using System.Text.Json.Nodes;
using ProfileEngine.Workflows.Persistence;

namespace ProfileEngine.Tests.Workflows;

/// <summary>Scenario Switches: Elsa.FlowSwitch, cases with expressions, first match or every match, Default.</summary>
public sealed class SwitchTests
{
    [Theory]
    [InlineData(5, "small")]
    [InlineData(50, "medium")]
    [InlineData(500, "any")]
    [InlineData(-1, "default")]
    public async Task The_first_true_case_chooses_the_port_and_default_catches_the_rest(int seats, string expected)
    {
        await using var harness = await WorkflowHarness.StartAsync();
        await harness.ImportScenarioAsync("Switches", "switch-first.json");

        var run = await harness.Runtime.StartAsync("switch-first", new JsonObject { ["seats"] = seats });

        RunAssert.Finished(run);
        Assert.Equal([expected], await harness.LogAsync(run.InstanceId));
    }

    [Fact]
    public async Task Match_any_continues_on_every_true_case()
    {
        await using var harness = await WorkflowHarness.StartAsync();
        await harness.ImportScenarioAsync("Switches", "switch-any.json");

        var run = await harness.Runtime.StartAsync("switch-any", new JsonObject { ["seats"] = 5 });

        RunAssert.Finished(run);
        Assert.Equal(["small", "medium", "any"], await harness.LogAsync(run.InstanceId));
        var record = (await harness.DetailsAsync(run.InstanceId)).Executions.Single(e => e.ActivityId == "Switch");
        Assert.Equal("Small,Medium,Any", record.Outcomes);
    }

    [Fact]
    public async Task A_case_whose_condition_fails_faults_the_instance_naming_the_case()
    {
        await using var harness = await WorkflowHarness.StartAsync();
        await harness.ImportScenarioAsync("Switches", "switch-bad-condition.json");

        var run = await harness.Runtime.StartAsync("switch-bad-condition");

        Assert.Equal(WorkflowStatus.Faulted, run.Status);
        Assert.Contains("Elsa.FlowSwitch 'Switch'", run.FaultMessage, StringComparison.Ordinal);
        Assert.Contains("the condition of case 'Broken'", run.FaultMessage, StringComparison.Ordinal);
        Assert.Empty(await harness.LogAsync(run.InstanceId));
    }

    [Fact]
    public async Task A_connection_from_a_port_that_is_no_case_label_is_refused_at_load()
    {
        await using var harness = await WorkflowHarness.StartAsync();
        var json = await File.ReadAllTextAsync(WorkflowHarness.ScenarioPath("Switches", "switch-unknown-port.json"));
        var definition = ProfileEngine.Workflows.Definitions.DefinitionReader.Read(json, "switch-unknown-port.json").Definition!;

        var problems = harness.Validator.Validate(definition, "switch-unknown-port.json");

        var problem = Assert.Single(problems);
        Assert.Equal("$.root.connections[1].source.port", problem.JsonPath);
        Assert.Contains("has no port 'Large' (its ports: Default, Small, Medium, Any)", problem.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_cases_are_reported_at_load_with_their_path()
    {
        await using var harness = await WorkflowHarness.StartAsync();
        var json = await File.ReadAllTextAsync(WorkflowHarness.ScenarioPath("Switches", "switch-bad-cases.json"));
        var definition = ProfileEngine.Workflows.Definitions.DefinitionReader.Read(json, "switch-bad-cases.json").Definition!;

        var problems = harness.Validator.Validate(definition, "switch-bad-cases.json").Select(p => (p.JsonPath, p.Reason)).ToList();

        Assert.Contains(("$.root.activities[1].cases", "cases[4] needs a label"), problems);
        Assert.Contains(("$.root.activities[1].cases[1].label", "the case label 'Gold' is used twice (or is the Default port)"), problems);
        Assert.Contains(problems, p => p.JsonPath == "$.root.activities[1].cases[2].condition.type" && p.Reason.StartsWith("CSharp expressions are not run", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.JsonPath == "$.root.activities[1].cases[3].condition.value" && p.Reason.StartsWith("JavaScript syntax error", StringComparison.Ordinal));
        Assert.Equal(4, problems.Count);
    }
}
