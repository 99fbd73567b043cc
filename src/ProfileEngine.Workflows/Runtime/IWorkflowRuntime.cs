using System.Text.Json.Nodes;
using ProfileEngine.Workflows.Persistence;

namespace ProfileEngine.Workflows.Runtime;

/// <summary>Starts, resumes, cancels, retries and reads durable workflow instances.</summary>
public interface IWorkflowRuntime
{
    /// <summary>Starts the published version of a definition and runs it until it finishes, suspends or faults.</summary>
    Task<WorkflowRunResult> StartAsync(string definitionId, JsonObject? input = null, string? correlationId = null, CancellationToken cancellationToken = default);

    /// <summary>Resumes one bookmark; a bookmark resumes exactly once, a second caller gets <see cref="ResumeOutcome.AlreadyResumed"/>.</summary>
    Task<ResumeResult> ResumeAsync(string bookmarkId, JsonNode? payload = null, CancellationToken cancellationToken = default);

    /// <summary>Resumes every instance waiting on this event for this correlation id (found through an index).</summary>
    Task<IReadOnlyList<ResumeResult>> PublishEventAsync(string eventName, string? correlationId, JsonNode? payload = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Resumes every instance waiting on this event for this correlation id, as above. A
    /// <paramref name="condition"/> runs inside each bookmark's claim transaction: when it answers false, that claim is
    /// rolled back and the result is <see cref="ResumeOutcome.Refused"/> (e.g. "the record the caller decided on has not
    /// changed since it was read", checked and marked atomically with the claim).
    /// </summary>
    Task<IReadOnlyList<ResumeResult>> PublishEventAsync(
        string eventName, string? correlationId, JsonNode? payload, ResumeCondition? condition, CancellationToken cancellationToken = default);

    /// <summary>Resumes every timer or retry bookmark due at or before <paramref name="dueBy"/>; returns how many resumed.</summary>
    Task<int> ResumeDueAsync(DateTimeOffset dueBy, CancellationToken cancellationToken = default);

    /// <summary>The earliest due time of a waiting timer, for the scheduler.</summary>
    Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken = default);

    Task<WorkflowRunResult> CancelAsync(string instanceId, CancellationToken cancellationToken = default);

    /// <summary>An operator's retry of a Faulted instance, from the failed activity.</summary>
    Task<WorkflowRunResult> RetryAsync(string instanceId, CancellationToken cancellationToken = default);

    /// <summary>Continues every Running instance no live node holds: left by a process that stopped mid-run, or whose owner's lease ran out.</summary>
    Task<int> RecoverAsync(CancellationToken cancellationToken = default);

    /// <summary>Completes when this node's dispatcher has no run queued or running (see <see cref="WorkflowDispatch.InBackground"/>).</summary>
    Task WaitForBackgroundRunsAsync(CancellationToken cancellationToken = default);

    /// <summary>What this node's dispatcher is doing: queued and running background runs, its slots, whether it stopped.</summary>
    WorkflowDispatcherState BackgroundRuns { get; }

    /// <summary>The node is stopping: queued background runs are dropped, running ones stop at their next step; both stay Running for recovery.</summary>
    Task StopBackgroundRunsAsync();

    Task<WorkflowInstanceDetails?> GetAsync(string instanceId, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<WorkflowInstanceSummary>> ListAsync(WorkflowInstanceFilter filter, CancellationToken cancellationToken = default);
}

public sealed record WorkflowRunResult(string InstanceId, WorkflowStatus Status, string? FaultMessage);

public enum ResumeOutcome
{
    Resumed,
    AlreadyResumed,
    NotFound,
    Refused,
}

/// <summary>Checked (and free to write) inside a bookmark's claim transaction; false rolls the claim back.</summary>
public delegate Task<bool> ResumeCondition(Microsoft.EntityFrameworkCore.DbContext db, CancellationToken cancellationToken);

public sealed record ResumeResult(string BookmarkId, ResumeOutcome Outcome, WorkflowRunResult? Run, string Message);

public sealed record WorkflowInstanceFilter(string? DefinitionId = null, WorkflowStatus? Status = null, string? CorrelationId = null, int Skip = 0, int Take = 100);

public sealed record WorkflowInstanceSummary(
    string InstanceId, string DefinitionId, int Version, WorkflowStatus Status, string? CorrelationId,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? FinishedAt, string? FaultMessage, int IncidentCount);

public sealed record WorkflowBookmarkView(string BookmarkId, string ActivityId, BookmarkKind Kind, string? EventName, string? CorrelationId, DateTimeOffset? DueAt);

public sealed record WorkflowInstanceDetails(
    WorkflowInstanceSummary Summary,
    IReadOnlyDictionary<string, JsonNode?> Variables,
    IReadOnlyList<WorkflowBookmarkView> Bookmarks,
    IReadOnlyList<ActivityExecutionRecord> Executions,
    IReadOnlyList<WorkflowIncidentRecord> Incidents,
    IReadOnlyList<WorkflowLogRecord> Log);

/// <summary>The instance is being changed by someone else, or is in a state that does not allow the operation.</summary>
public sealed class WorkflowStateException(string message) : Exception(message);
