using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using ProfileEngine.Tests.Support;
using ProfileEngine.Workflows.Definitions;
using ProfileEngine.Workflows.Hosting;
using ProfileEngine.Workflows.Persistence;

namespace ProfileEngine.Tests.Workflows.Exchange;

/// <summary>
/// Elsa 3's own workflow files (Fixtures/, see its README for where each comes from): each is read and checked as the
/// loader does, and is either accepted or refused for the reason it lies outside the subset this runtime runs.
/// </summary>
public sealed class ElsaFixtureTests
{
    private const string Accepted = "accepted";

    /// <summary>
    /// An activity type outside the subset: Elsa modules this runtime does not have (HTTP endpoints, Cron,
    /// RunJavaScript, …). A type that names a workflow definition (with <c>workflowDefinitionId</c>) is a subflow
    /// call and is accepted.
    /// </summary>
    private static string Unknown(string type) => $"unknown activity type '{type}'";

    /// <summary>The reasons a file is refused, in the order the reader and validator report them.</summary>
    private static string Refused(params string[] reasons) => string.Join(" | ", reasons);

    /// <summary>
    /// File → <see cref="Accepted"/>, or every distinct reason it is refused for (each reason up to its details: the
    /// list of known types, the ids involved).
    /// </summary>
    public static TheoryData<string, string> Expectations => new()
    {
        { "BasicWorkflows--hello-world.json", Accepted },
        { "CachingAndWorkflowDefinitionActivity--workflow-definition-child.json", Accepted },
        { "CachingAndWorkflowDefinitionActivity--workflow-definition-grand-child.json", Accepted },
        { "CachingAndWorkflowDefinitionActivity--workflow-definition-parent.json", Refused(Unknown("Elsa.HttpEndpoint")) },
        { "CompositesAndOutcomes--completor.json", Refused(Unknown("Elsa.Complete")) },
        { "CompositesAndOutcomes--consumer.json", Accepted },
        { "CompositesAndOutcomes--tester.json", Accepted },
        { "DependencyWorkflows--atom-activity.json", Accepted },
        { "DependencyWorkflows--matter-activity.json", Accepted },
        { "DependencyWorkflows--molecule-activity.json", Accepted },
        { "DependencyWorkflowsPublishing--child.json", Accepted },
        { "DependencyWorkflowsPublishing--parent.json", Accepted },
        { "Elsa.Alterations.IntegrationTests--version-1.json", Accepted },
        { "Elsa.Alterations.IntegrationTests--version-2.json", Accepted },
        { "ExecuteWorkflow--child-with-input.json", Accepted },
        { "ExecuteWorkflow--child-with-output.json", Accepted },
        { "ExecuteWorkflow--child-workflow.json", Accepted },
        { "ExecuteWorkflow--parent-capture-output.json", Refused(Unknown("Elsa.ExecuteWorkflow")) },
        { "ExecuteWorkflow--parent-no-wait.json", Refused(Unknown("Elsa.ExecuteWorkflow")) },
        { "ExecuteWorkflow--parent-with-correlation.json", Refused(Unknown("Elsa.ExecuteWorkflow")) },
        { "ExecuteWorkflow--parent-with-input.json", Refused(Unknown("Elsa.ExecuteWorkflow")) },
        { "ExecuteWorkflow--parent-with-wait.json", Refused(Unknown("Elsa.ExecuteWorkflow")) },
        { "ExplicitJoins--join-all-1.json", Accepted },
        { "ExplicitJoins--join-all-2.json", Refused(Unknown("Elsa.FlowNode")) },
        { "ExplicitJoins--join-any-1.json", Accepted },
        { "FlowchartCompletion--workflow1.json", Accepted },
        { "FlowchartCompletion--workflow2.json", Accepted },
        { "FlowchartCompletion--workflow3.json", Accepted },
        { "FlowchartCompletion--workflow4.json", Accepted },
        { "FlowchartCompletion--workflow5.json", Refused(Unknown("Elsa.FlowNode")) },
        { "FlowchartCompletion--workflow6.json", Refused(Unknown("Elsa.ParallelForEach")) },
        { "HttpWorkflows--http-hello-world.json", Refused(Unknown("Elsa.HttpEndpoint"), Unknown("Elsa.WriteHttpResponse")) },
        { "ImportAndExecute--implicit-loop.json", Refused("cycle WriteLine1 → SetVariable1 → FlowDecision1 → WriteLine2 → WriteLine1: this connection loops back to 'WriteLine1'") },
        { "ImportAndExecute--writeline.json", Accepted },
        { "ImportAndPublish--bad-cron-expression.json", Refused(Unknown("Elsa.Cron")) },
        { "ImportAndPublish--cron-every-hour.json", Refused(Unknown("Elsa.Cron")) },
        { "ImportAndPublish--http-workflow.json", Refused(Unknown("Elsa.HttpEndpoint")) },
        { "ImportAndPublish--timer-workflow.json", Refused(Unknown("Elsa.Timer")) },
        { "InputOutput--consumer.json", Accepted },
        { "InputOutput--provider.json", Accepted },
        { "JoinBehaviors--decision-merge-join-none.json", Accepted },
        { "JoinBehaviors--fork-decision-join-converge-strict.json", Accepted },
        { "JoinBehaviors--fork-decision-join-converge.json", Accepted },
        { "JoinBehaviors--fork-decision-join-none.json", Accepted },
        { "JoinBehaviors--fork-decision-join-waitall.json", Accepted },
        { "JoinBehaviors--join.json", Accepted },
        { "JoinBehaviors--parallel-join.json", Refused(Unknown("Elsa.ParallelForEach")) },
        { "JsonObjectSerialization--instance-serialization.json", Accepted },
        { "LogPersistenceModes--input-output-logging-1.json", Accepted },
        { "LogPersistenceModes--input-output-logging-2.json", Accepted },
        { "LogPersistenceModes--input-output-logging-3-child.json", Accepted },
        { "LogPersistenceModes--input-output-logging-3.json", Accepted },
        { "ParentChildCompletion--child.json", Refused(Unknown("Elsa.RunJavaScript"), Unknown("Elsa.Complete")) },
        { "ParentChildCompletion--parent.json", Refused("dangling connection: SubworkflowTest 'abcd6d3d391bfe10' has no port 'Success'", "dangling connection: SubworkflowTest 'abcd6d3d391bfe10' has no port 'Failure'") },
        { "ParentChildInputs--child.json", Accepted },
        { "ParentChildInputs--parent1.json", Refused("the output 'output1' is bound to the workflow output 'Output1'") },
        { "ParentChildInputs--parent2.json", Refused("the output 'output1' is bound to the workflow output 'Output1'") },
        { "ParentChildOutputMapping--a.json", Accepted },
        { "ParentChildOutputMapping--b.json", Refused(Unknown("Elsa.RunCSharp"), "the output 'result' is bound to the workflow output 'Output1'") },
        { "ParentChildOutputMapping--c.json", Refused("the output 'output1' is bound to the workflow output 'Output1'", "the output 'output1' is bound to the workflow output 'Output2'") },
        { "ParentChildOutputMapping--calculator.json", Accepted },
        { "ParentChildOutputMapping--consumer.json", Refused("CSharp expressions are not run by this runtime") },
        { "ParentChildOutputMapping--d.json", Refused("CSharp expressions are not run by this runtime") },
        { "ParentChildOutputMapping--producer.json", Accepted },
        { "ParentChildOutputMapping--sum.json", Refused(Unknown("Elsa.RunJavaScript"), "the output 'result' is bound to the workflow output 'Result'") },
        { "RestApis--hello-world.json", Accepted },
        { "WorkflowActivities--CacheInvalidation_Child.json", Refused(Unknown("Elsa.Correlate")) },
        { "WorkflowActivities--CacheInvalidation_Childv2.json", Refused(Unknown("Elsa.Correlate")) },
        { "WorkflowActivities--CacheInvalidation_Parent.json", Refused(Unknown("Elsa.SetName"), Unknown("Elsa.HttpEndpoint")) },
        { "WorkflowCompletion--fork.json", Accepted },
        { "WorkflowCompletion--hello-world.json", Accepted },
        { "WorkflowDefinitionActivities--child-published-version.json", Refused("the root must be Elsa.Flowchart or Elsa.Sequence, not Elsa.WriteLine") },
        { "WorkflowDefinitionActivities--child-with-input.json", Accepted },
        { "WorkflowDefinitionActivities--child-with-outcomes.json", Refused(Unknown("Elsa.Complete")) },
        { "WorkflowDefinitionActivities--child-with-output.json", Accepted },
        { "WorkflowDefinitionActivities--parent-version-fallback.json", Accepted },
        { "WorkflowDefinitionActivities--parent-with-input.json", Accepted },
        { "WorkflowDefinitionActivities--parent-with-io.json", Refused("the root must be Elsa.Flowchart or Elsa.Sequence, not ChildWithInput") },
        { "WorkflowDefinitionActivities--parent-with-outcomes.json", Refused("dangling connection: ChildWithOutcomes 'ChildActivity1' has no port 'Success'", "dangling connection: ChildWithOutcomes 'ChildActivity1' has no port 'Failed'") },
        { "WorkflowDefinitionActivities--parent-with-output.json", Accepted },
        { "WorkflowDefinitionRefresh--dynamic-endpoint-http-workflow.json", Refused(Unknown("Elsa.HttpEndpoint")) },
        { "WorkflowDefinitionReload--http-workflow.json", Refused(Unknown("Elsa.HttpEndpoint")) },
        { "WorkflowJsonStructures--main.json", Accepted },
        { "WorkflowJsonStructures--sub.json", Accepted },
        { "WorkflowOutputMapping--workflow-output.json", Refused(Unknown("Elsa.RunCSharp"), "the output 'result' is bound to the workflow output 'Output1'") },
        { "WorkflowReferenceGraph--refgraph-child.json", Accepted },
        { "WorkflowReferenceGraph--refgraph-grandchild.json", Refused(Unknown("Elsa.SetName")) },
        { "WorkflowReferenceGraph--refgraph-parent.json", Accepted },
    };

    [Theory]
    [MemberData(nameof(Expectations))]
    public void Each_Elsa_file_is_accepted_or_refused_with_the_reason_it_is_outside_the_subset(string file, string expected)
    {
        var (problems, _) = ReadAndCheck(file);

        var actual = Outcome(problems);
        Assert.True(expected == actual, $"{file}: expected {expected}; got {actual}\n{string.Join("\n", problems)}");
    }

    [Fact]
    public void Every_fixture_file_has_an_expectation()
    {
        var files = Directory.EnumerateFiles(FixturesFolder, "*.json").Select(Path.GetFileName).Order(StringComparer.Ordinal);
        var listed = Expectations.Select(row => (string)row[0]).Order(StringComparer.Ordinal);

        Assert.Equal(files, listed);
    }

    [Theory]
    [InlineData("ImportAndExecute--writeline.json", "Dummy Text")]
    [InlineData("BasicWorkflows--hello-world.json", "Hello World!")]
    public async Task An_accepted_Elsa_file_imports_and_runs(string file, string line)
    {
        await using var harness = await WorkflowHarness.StartAsync();
        var read = DefinitionReader.Read(await File.ReadAllTextAsync(Path.Combine(FixturesFolder, file)), file, harness.Get<ProfileEngine.Workflows.Activities.ActivityRegistry>());
        var definition = read.Definition!;
        definition.IsPublished = true;
        await harness.Store.ImportAsync(definition, file, CancellationToken.None);

        var run = await harness.Runtime.StartAsync(definition.DefinitionId);

        RunAssert.Finished(run);
        Assert.Equal([line], await harness.LogAsync(run.InstanceId));
    }

    /// <summary>"accepted", or each distinct reason up to its details (a list of known types, the ids involved), in order, joined by " | ".</summary>
    private static string Outcome(IReadOnlyList<DefinitionProblem> problems) =>
        problems.Count == 0
            ? Accepted
            : string.Join(" | ", problems.Select(p => p.Reason.Split([" (", ";"], 2, StringSplitOptions.None)[0]).Distinct(StringComparer.Ordinal));

    internal static string FixturesFolder =>
        Path.Combine(RepositoryPaths.RepositoryRoot, "tests", "ProfileEngine.Tests", "Workflows", "Exchange", "Fixtures");

    internal static DefinitionValidator Validator { get; } = new ServiceCollection()
        .AddLogging()
        .AddWorkflowRuntime<WorkflowDbContext>()
        .BuildServiceProvider()
        .GetRequiredService<DefinitionValidator>();

    internal static (IReadOnlyList<DefinitionProblem> Problems, IReadOnlyList<DefinitionProblem> Warnings) ReadAndCheck(string file)
    {
        var json = File.ReadAllText(Path.Combine(FixturesFolder, file));
        var read = DefinitionReader.Read(json, file, Validator.Registry);
        if (read.Definition is not { } definition)
        {
            return (read.Problems, read.Warnings);
        }

        var check = Validator.Check(definition, file);
        return (check.Problems, [.. read.Warnings, .. check.Warnings]);
    }

    internal static JsonNode Parse(string json) => JsonNode.Parse(json)!;
}
