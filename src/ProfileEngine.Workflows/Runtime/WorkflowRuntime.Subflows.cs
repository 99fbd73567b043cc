using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
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

    /// <summary>
    /// Part of recovery: parents still waiting for a subflow that has ended. A child can end between its parent's
    /// subflow activity returning and the commit of the parent's wait (it was resumed meanwhile, here or on another
    /// node): its notice then found no waiting bookmark. Each such parent is resumed here with the child's result.
    /// </summary>
    private async Task<int> ResumeEndedSubflowWaitsAsync(CancellationToken cancellationToken)
    {
        List<WorkflowInstanceRecord> ended;
        await using (var db = await contexts.CreateAsync(cancellationToken))
        {
            ended = await (
                from wait in db.Set<WorkflowBookmarkRecord>().AsNoTracking()
                where wait.EventName == SubflowEndedEvent && wait.ResumedAt == null
                join child in db.Set<WorkflowInstanceRecord>().AsNoTracking() on wait.CorrelationId equals child.Id
                where child.Status == WorkflowStatus.Finished || child.Status == WorkflowStatus.Faulted || child.Status == WorkflowStatus.Cancelled
                select child).ToListAsync(cancellationToken);
        }

        var resumed = 0;
        foreach (var child in ended)
        {
            try
            {
                var result = SubflowResult.Of(child, InstanceState.Deserialize(child.StateJson));
                var outcomes = await PublishEventAsync(SubflowEndedEvent, child.Id, result.ToJson(), cancellationToken);
                if (outcomes.Any(o => o.Outcome == ResumeOutcome.Resumed))
                {
                    // (None resumed: the child's own notice got there meanwhile.)
                    resumed++;
                    logger.LogWarning("Workflow instance {InstanceId} had ended unseen by the parent waiting for it; the parent is resumed", child.Id);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Resuming the parent of ended subflow {InstanceId} failed", child.Id);
            }
        }

        return resumed;
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
