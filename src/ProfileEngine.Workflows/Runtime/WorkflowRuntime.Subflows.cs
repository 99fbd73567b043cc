using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using ProfileEngine.Workflows.Loading;
using ProfileEngine.Workflows.Persistence;

namespace ProfileEngine.Workflows.Runtime;

/// <summary>
/// Subflows: a definition used as an activity (Elsa's WorkflowDefinitionActivity) runs as its own instance with a
/// link to its parent. It runs inline until it finishes or suspends; when a suspended one ends later, its parent's
/// bookmark (event <see cref="SubflowEndedEvent"/>, correlation = the child's instance id) is resumed with the result.
/// </summary>
public sealed partial class WorkflowRuntime
{
    /// <summary>The event a parent waits on while its subflow is suspended.</summary>
    public const string SubflowEndedEvent = "ProfileEngine.SubflowEnded";

    /// <summary>
    /// Starts the child instance <paramref name="childInstanceId"/> and runs it until it finishes, suspends or faults;
    /// when that instance already exists (the parent's activity runs again after a crash), only reports where it is.
    /// </summary>
    internal async Task<SubflowResult> RunSubflowAsync(
        string childInstanceId, string definitionId, int? version, JsonObject input, string? correlationId, string parentInstanceId, CancellationToken cancellationToken)
    {
        await using (var db = await contexts.CreateAsync(cancellationToken))
        {
            var existing = await db.Set<WorkflowInstanceRecord>().AsNoTracking().FirstOrDefaultAsync(i => i.Id == childInstanceId, cancellationToken);
            if (existing is not null)
            {
                return SubflowResult.Of(existing, InstanceState.Deserialize(existing.StateJson));
            }
        }

        var versions = await definitions.ListVersionsAsync(definitionId, cancellationToken);
        var chosen = versions.FirstOrDefault(v => version is not null && v.Version == version)
            ?? versions.FirstOrDefault(v => v.IsPublished)
            ?? throw new WorkflowNotFoundException($"There is no published version of the workflow definition '{definitionId}' to run as a subflow.");
        var graph = await GraphAsync(chosen.VersionId, cancellationToken);
        var now = clock.GetUtcNow();
        var instance = new WorkflowInstanceRecord
        {
            Id = childInstanceId,
            DefinitionId = chosen.DefinitionId,
            DefinitionVersionId = chosen.VersionId,
            Version = chosen.Version,
            Status = WorkflowStatus.Running,
            CorrelationId = correlationId,
            InputJson = input.ToJsonString(),
            StateJson = "{}",
            CreatedAt = now,
            UpdatedAt = now,
        };
        var execution = NewExecution(instance, new InstanceState { ParentInstanceId = parentInstanceId }, graph, input, isNew: true, new RuntimeConnection(_openContexts));
        execution.ScheduleRoot();
        var gate = await _locks.AcquireAsync(instance.Id, cancellationToken);
        await using (new RunClaim(gate, _leases.HoldNew(instance)))
        {
            await RunAsync(execution, cancellationToken);
        }

        return SubflowResult.Of(execution.Instance, execution.State);
    }

    /// <summary>A subflow that ended resumes its parent, if the parent is waiting for it (it is not while it runs the
    /// subflow inline: then it reads the result itself).</summary>
    private async Task NotifyParentAsync(WorkflowExecution execution, CancellationToken cancellationToken)
    {
        if (execution.State.ParentInstanceId is null || execution.Instance.Status is WorkflowStatus.Running or WorkflowStatus.Suspended)
        {
            return;
        }

        var result = SubflowResult.Of(execution.Instance, execution.State);
        await PublishEventAsync(SubflowEndedEvent, execution.Instance.Id, result.ToJson(), cancellationToken);
    }
}

/// <summary>Where a subflow instance is, and what it produced.</summary>
internal sealed record SubflowResult(string InstanceId, WorkflowStatus Status, string? FaultMessage, JsonObject Outputs)
{
    public static SubflowResult Of(WorkflowInstanceRecord instance, InstanceState state) =>
        new(instance.Id, instance.Status, instance.FaultMessage, state.Outputs?.DeepClone().AsObject() ?? []);

    public JsonObject ToJson() => new()
    {
        ["instanceId"] = InstanceId,
        ["status"] = Status.ToString(),
        ["faultMessage"] = FaultMessage,
        ["outputs"] = Outputs.DeepClone(),
    };

    public static SubflowResult? FromJson(JsonNode? json) =>
        json is JsonObject o
        && o["instanceId"]?.GetValue<string>() is { } id
        && Enum.TryParse<WorkflowStatus>(o["status"]?.GetValue<string>(), out var status)
            ? new SubflowResult(id, status, o["faultMessage"]?.GetValue<string>(), o["outputs"]?.DeepClone() as JsonObject ?? [])
            : null;
}
