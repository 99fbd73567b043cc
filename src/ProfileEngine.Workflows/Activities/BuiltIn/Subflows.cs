using System.Text.Json.Nodes;
using ProfileEngine.Workflows.Definitions;
using ProfileEngine.Workflows.Persistence;
using ProfileEngine.Workflows.Runtime;

namespace ProfileEngine.Workflows.Activities.BuiltIn;

/// <summary>
/// Runs another workflow definition as this activity and waits, durably, until it ends. Elsa's shape
/// (src/modules/Elsa.Workflows.Management/Activities/WorkflowDefinitionActivity/WorkflowDefinitionActivity.cs and
/// WorkflowDefinitionActivityDescriptorFactory.cs): the node's <c>type</c> is the child definition's name, it carries
/// <c>workflowDefinitionId</c> (and <c>workflowDefinitionVersionId</c>, <c>latestAvailablePublishedVersion</c>, kept as
/// they are), its <c>version</c> is the child version to run (else the published one, as Elsa falls back), each input is
/// named after one of the child's inputs, and each output, bound to a variable, after one of its outputs (set in the child
/// with Elsa.SetOutput). A child that faults faults this activity with the child's message.
/// </summary>
[Activity(TypeName, Description = "Runs another workflow definition and waits for it to end.", OpenInputsAndOutputs = true)]
public sealed class WorkflowDefinitionActivity(WorkflowRuntime runtime) : WorkflowActivity
{
    public const string TypeName = "Elsa.WorkflowDefinitionActivity";
    public const string DefinitionIdProperty = "workflowDefinitionId";

    public static string? DefinitionIdOf(ActivityNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return node.Extensions[DefinitionIdProperty] is JsonValue v && v.TryGetValue<string>(out var id) && id.Length > 0 ? id : null;
    }

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var node = context.Node;
        var definitionId = DefinitionIdOf(node)
            ?? throw new InvalidOperationException($"{node.Type} '{node.Id}' needs '{DefinitionIdProperty}', the definition to run");

        // The child's id is committed before the child starts, so running this activity again after a crash finds the
        // same child instead of starting a second one.
        var childId = context.Checkpoint?["childInstanceId"]?.GetValue<string>();
        if (childId is null)
        {
            childId = Guid.NewGuid().ToString("N");
            await context.SaveCheckpointAsync(new JsonObject { ["childInstanceId"] = childId }, cancellationToken);
        }

        var input = new JsonObject();
        foreach (var (name, binding) in node.Inputs)
        {
            input[name] = context.Evaluate(binding.Expression);
        }

        var result = await runtime.RunSubflowAsync(childId, definitionId, node.Version, input, context.CorrelationId, context.InstanceId, cancellationToken);
        return await EndedOrWaitAsync(context, definitionId, result, cancellationToken);
    }

    public override async ValueTask<ActivityResult> ResumeAsync(ActivityContext context, BookmarkResumption resumption, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(resumption);
        var result = SubflowResult.FromJson(resumption.Payload)
            ?? throw new InvalidOperationException($"the subflow's end was reported without its result ({resumption.Payload?.ToJsonString() ?? "null"})");
        return await EndedOrWaitAsync(context, DefinitionIdOf(context.Node) ?? context.Node.Type, result, cancellationToken);
    }

    private static async ValueTask<ActivityResult> EndedOrWaitAsync(ActivityContext context, string definitionId, SubflowResult result, CancellationToken cancellationToken)
    {
        switch (result.Status)
        {
            case WorkflowStatus.Finished:
                foreach (var (name, binding) in context.Node.Outputs)
                {
                    var value = result.Outputs.FirstOrDefault(o => o.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;
                    context.SetVariable(binding.MemoryReferenceId, value);
                }

                return ActivityResult.Done();
            case WorkflowStatus.Faulted or WorkflowStatus.Cancelled:
                // A retry of this activity starts a new child rather than reporting the same ended one again.
                await context.SaveCheckpointAsync(null, cancellationToken);
                var why = result.Status == WorkflowStatus.Faulted ? $"faulted: {result.FaultMessage}" : "was cancelled";
                throw new WorkflowFaultException($"the subflow '{definitionId}' (instance {result.InstanceId}) {why}");
            default:
                return ActivityResult.Suspend(BookmarkRequest.ForEvent(WorkflowRuntime.SubflowEndedEvent, result.InstanceId) with
                {
                    Data = new JsonObject { ["childInstanceId"] = result.InstanceId },
                });
        }
    }
}

/// <summary>Sets one of the workflow's outputs. Elsa: Elsa.Workflows.Management/Activities/SetOutput/SetOutput.cs
/// (inputs <c>outputName</c>, <c>outputValue</c>).</summary>
[Activity("Elsa.SetOutput", Description = "Sets an output of the workflow (what a parent receives from it).")]
public sealed class SetOutput : WorkflowActivity
{
    public override bool HasSideEffects => false;

    [Input(Required = true, Description = "The name of the output.")]
    public Input<string> OutputName { get; } = new();

    [Input(Description = "The value.")]
    public Input<JsonNode> OutputValue { get; } = new();

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.SetWorkflowOutput(OutputName.Get(), OutputValue.Value);
        return ValueTask.FromResult(ActivityResult.Done());
    }
}
