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
    /// An activity type another part of issue 16 adds (FlowJoin, FlowSwitch, ForEach, Fork/FlowFork, Fault, Finish,
    /// SendHttpRequest). Once it exists, drop it from the row; a row left with no reason becomes <see cref="Accepted"/>.
    /// </summary>
    private static string Pending(string type) => $"unknown activity type '{type}'";

    /// <summary>
    /// An activity type outside the subset: Elsa modules this runtime does not have (HTTP endpoints, Cron, SetOutput,
    /// RunJavaScript, …) and workflow definitions used as activities, which Elsa types by the child definition's name.
    /// </summary>
    private static string Unknown(string type) => $"unknown activity type '{type}'";

    /// <summary>
    /// Branches that merge into one activity without a FlowJoin (Elsa's implicit join). Another part of issue 16 adds
    /// merging branches; once the validator allows them, drop these from the rows.
    /// </summary>
    private static string Merge(string activityId) => $"'{activityId}' already has an inbound connection";

    /// <summary>The reasons a file is refused, in the order the reader and validator report them.</summary>
    private static string Refused(params string[] reasons) => string.Join(" | ", reasons);

    /// <summary>
    /// File → <see cref="Accepted"/>, or every distinct reason it is refused for (each reason up to its details: the
    /// list of known types, the ids involved).
    /// </summary>
    public static TheoryData<string, string> Expectations => new()
    {
        { "BasicWorkflows--hello-world.json", Accepted },
        { "CachingAndWorkflowDefinitionActivity--workflow-definition-child.json", Refused(Unknown("GrandChild")) },
        { "CachingAndWorkflowDefinitionActivity--workflow-definition-grand-child.json", Accepted },
        { "CachingAndWorkflowDefinitionActivity--workflow-definition-parent.json", Refused(Unknown("Elsa.HttpEndpoint"), Unknown("Child")) },
        { "CompositesAndOutcomes--completor.json", Refused(Unknown("Elsa.Complete")) },
        { "CompositesAndOutcomes--consumer.json", Refused(Unknown("Completor")) },
        { "CompositesAndOutcomes--tester.json", Refused(Unknown("Consumer")) },
        { "DependencyWorkflows--atom-activity.json", Accepted },
        { "DependencyWorkflows--matter-activity.json", Refused(Unknown("MoleculeActivity")) },
        { "DependencyWorkflows--molecule-activity.json", Refused(Unknown("AtomActivity")) },
        { "DependencyWorkflowsPublishing--child.json", Accepted },
        { "DependencyWorkflowsPublishing--parent.json", Refused(Unknown("Child")) },
        { "Elsa.Alterations.IntegrationTests--version-1.json", Accepted },
        { "Elsa.Alterations.IntegrationTests--version-2.json", Accepted },
        { "ExecuteWorkflow--child-with-input.json", Accepted },
        { "ExecuteWorkflow--child-with-output.json", Refused(Unknown("Elsa.SetOutput")) },
        { "ExecuteWorkflow--child-workflow.json", Accepted },
        { "ExecuteWorkflow--parent-capture-output.json", Refused(Unknown("Elsa.ExecuteWorkflow")) },
        { "ExecuteWorkflow--parent-no-wait.json", Refused(Unknown("Elsa.ExecuteWorkflow")) },
        { "ExecuteWorkflow--parent-with-correlation.json", Refused(Unknown("Elsa.ExecuteWorkflow")) },
        { "ExecuteWorkflow--parent-with-input.json", Refused(Unknown("Elsa.ExecuteWorkflow")) },
        { "ExecuteWorkflow--parent-with-wait.json", Refused(Unknown("Elsa.ExecuteWorkflow")) },
        { "ExplicitJoins--join-all-1.json", Refused(Pending("Elsa.FlowJoin")) },
        { "ExplicitJoins--join-all-2.json", Refused(Unknown("Elsa.FlowNode"), Pending("Elsa.FlowJoin")) },
        { "ExplicitJoins--join-any-1.json", Refused(Pending("Elsa.FlowJoin")) },
        { "FlowchartCompletion--workflow1.json", Accepted },
        { "FlowchartCompletion--workflow2.json", Refused(Merge("WriteLine9"), Merge("WriteLine7"), Merge("WriteLine5"), Merge("WriteLine8")) },
        { "FlowchartCompletion--workflow3.json", Refused(Merge("WriteLine5"), Merge("WriteLine8"), Merge("WriteLine7"), Merge("WriteLine9")) },
        { "FlowchartCompletion--workflow4.json", Refused(Merge("FlowDecision1")) },
        { "FlowchartCompletion--workflow5.json", Refused(Unknown("Elsa.FlowNode")) },
        { "FlowchartCompletion--workflow6.json", Refused(Unknown("Elsa.ParallelForEach")) },
        { "HttpWorkflows--http-hello-world.json", Refused(Unknown("Elsa.HttpEndpoint"), Unknown("Elsa.WriteHttpResponse")) },
        { "ImportAndExecute--implicit-loop.json", Refused("cycle WriteLine1 → SetVariable1 → FlowDecision1 → WriteLine2 → WriteLine1: this connection loops back to 'WriteLine1'") },
        { "ImportAndExecute--writeline.json", Accepted },
        { "ImportAndPublish--bad-cron-expression.json", Refused(Unknown("Elsa.Cron")) },
        { "ImportAndPublish--cron-every-hour.json", Refused(Unknown("Elsa.Cron")) },
        { "ImportAndPublish--http-workflow.json", Refused(Unknown("Elsa.HttpEndpoint")) },
        { "ImportAndPublish--timer-workflow.json", Refused(Unknown("Elsa.Timer")) },
        { "InputOutput--consumer.json", Refused(Unknown("Provider")) },
        { "InputOutput--provider.json", Refused(Unknown("Elsa.SetOutput")) },
        { "JoinBehaviors--decision-merge-join-none.json", Refused(Merge("d5b9c2affe09a93b")) },
        { "JoinBehaviors--fork-decision-join-converge-strict.json", Refused(Merge("writeline-c")) },
        { "JoinBehaviors--fork-decision-join-converge.json", Refused(Merge("768b5a7e58c3ecf8")) },
        { "JoinBehaviors--fork-decision-join-none.json", Refused(Merge("768b5a7e58c3ecf8")) },
        { "JoinBehaviors--fork-decision-join-waitall.json", Refused(Pending("Elsa.FlowJoin"), Pending("Elsa.Fault")) },
        { "JoinBehaviors--join.json", Refused(Pending("Elsa.FlowJoin")) },
        { "JoinBehaviors--parallel-join.json", Refused(Unknown("Elsa.ParallelForEach")) },
        { "JsonObjectSerialization--instance-serialization.json", Accepted },
        { "LogPersistenceModes--input-output-logging-1.json", Accepted },
        { "LogPersistenceModes--input-output-logging-2.json", Accepted },
        { "LogPersistenceModes--input-output-logging-3-child.json", Refused(Unknown("Elsa.SetOutput")) },
        { "LogPersistenceModes--input-output-logging-3.json", Refused(Unknown("InputOutputLogging3-Child")) },
        { "ParentChildCompletion--child.json", Refused(Unknown("Elsa.RunJavaScript"), Unknown("Elsa.Complete")) },
        { "ParentChildCompletion--parent.json", Refused(Unknown("SubworkflowTest")) },
        { "ParentChildInputs--child.json", Refused(Unknown("Elsa.SetOutput")) },
        { "ParentChildInputs--parent1.json", Refused(Unknown("Child"), "the output 'output1' is bound to the workflow output 'Output1'") },
        { "ParentChildInputs--parent2.json", Refused(Unknown("Child"), "the output 'output1' is bound to the workflow output 'Output1'") },
        { "ParentChildOutputMapping--a.json", Refused(Unknown("Elsa.SetOutput")) },
        { "ParentChildOutputMapping--b.json", Refused(Unknown("Elsa.RunCSharp"), "the output 'result' is bound to the workflow output 'Output1'") },
        { "ParentChildOutputMapping--c.json", Refused(Unknown("A"), "the output 'output1' is bound to the workflow output 'Output1'", Unknown("B"), "the output 'output1' is bound to the workflow output 'Output2'") },
        { "ParentChildOutputMapping--calculator.json", Refused(Unknown("Sum")) },
        { "ParentChildOutputMapping--consumer.json", Refused(Unknown("Producer"), "CSharp expressions are not run by this runtime") },
        { "ParentChildOutputMapping--d.json", Refused(Unknown("C"), "CSharp expressions are not run by this runtime") },
        { "ParentChildOutputMapping--producer.json", Refused(Unknown("Elsa.SetOutput")) },
        { "ParentChildOutputMapping--sum.json", Refused(Unknown("Elsa.RunJavaScript"), "the output 'result' is bound to the workflow output 'Result'") },
        { "RestApis--hello-world.json", Accepted },
        { "WorkflowActivities--CacheInvalidation_Child.json", Refused(Unknown("Elsa.Correlate")) },
        { "WorkflowActivities--CacheInvalidation_Childv2.json", Refused(Unknown("Elsa.Correlate")) },
        { "WorkflowActivities--CacheInvalidation_Parent.json", Refused(Unknown("CacheInvalidationChild"), Unknown("Elsa.SetName"), Unknown("Elsa.HttpEndpoint")) },
        { "WorkflowCompletion--fork.json", Refused(Pending("Elsa.FlowFork")) },
        { "WorkflowCompletion--hello-world.json", Accepted },
        { "WorkflowDefinitionActivities--child-published-version.json", Refused("the root must be Elsa.Flowchart or Elsa.Sequence, not Elsa.WriteLine") },
        { "WorkflowDefinitionActivities--child-with-input.json", Accepted },
        { "WorkflowDefinitionActivities--child-with-outcomes.json", Refused(Unknown("Elsa.Complete")) },
        { "WorkflowDefinitionActivities--child-with-output.json", Refused(Unknown("Elsa.SetOutput")) },
        { "WorkflowDefinitionActivities--parent-version-fallback.json", Refused(Unknown("ChildPublished")) },
        { "WorkflowDefinitionActivities--parent-with-input.json", Refused(Unknown("ChildWithInput")) },
        { "WorkflowDefinitionActivities--parent-with-io.json", Refused("the root must be Elsa.Flowchart or Elsa.Sequence, not ChildWithInput", Unknown("ChildWithInput")) },
        { "WorkflowDefinitionActivities--parent-with-outcomes.json", Refused(Unknown("ChildWithOutcomes")) },
        { "WorkflowDefinitionActivities--parent-with-output.json", Refused(Unknown("ChildWithOutput")) },
        { "WorkflowDefinitionRefresh--dynamic-endpoint-http-workflow.json", Refused(Unknown("Elsa.HttpEndpoint")) },
        { "WorkflowDefinitionReload--http-workflow.json", Refused(Unknown("Elsa.HttpEndpoint")) },
        { "WorkflowJsonStructures--main.json", Refused(Unknown("Sub")) },
        { "WorkflowJsonStructures--sub.json", Accepted },
        { "WorkflowOutputMapping--workflow-output.json", Refused(Unknown("Elsa.RunCSharp"), "the output 'result' is bound to the workflow output 'Output1'") },
        { "WorkflowReferenceGraph--refgraph-child.json", Refused(Unknown("RefGraphGrandchild")) },
        { "WorkflowReferenceGraph--refgraph-grandchild.json", Refused(Unknown("Elsa.SetName")) },
        { "WorkflowReferenceGraph--refgraph-parent.json", Refused(Unknown("RefGraphChild")) },
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
