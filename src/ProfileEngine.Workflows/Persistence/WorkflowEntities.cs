namespace ProfileEngine.Workflows.Persistence;

/// <summary>One version of a definition (Elsa's draft/publish model: at most one latest and one published per definition).</summary>
public sealed class WorkflowDefinitionRecord
{
    /// <summary>The id of this version.</summary>
    public required string Id { get; set; }

    public required string DefinitionId { get; set; }

    public int Version { get; set; }

    public string? Name { get; set; }

    public bool IsLatest { get; set; }

    public bool IsPublished { get; set; }

    /// <summary>The whole Elsa JSON document of this version.</summary>
    public required string Json { get; set; }

    /// <summary>Hash of the content without version bookkeeping, to tell a changed file from an unchanged one.</summary>
    public required string ContentHash { get; set; }

    public string? SourcePath { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? PublishedAt { get; set; }
}

public enum WorkflowStatus
{
    Running,
    Suspended,
    Finished,
    Faulted,
    Cancelled,
}

public sealed class WorkflowInstanceRecord
{
    public required string Id { get; set; }

    public required string DefinitionId { get; set; }

    /// <summary>The version the instance started on; it keeps it for its whole life.</summary>
    public required string DefinitionVersionId { get; set; }

    public int Version { get; set; }

    public WorkflowStatus Status { get; set; }

    public string? CorrelationId { get; set; }

    public string? InputJson { get; set; }

    /// <summary>The executor's frames and queue (see <c>InstanceState</c>), committed after every activity.</summary>
    public required string StateJson { get; set; }

    /// <summary>
    /// The workflow's variables as one JSON object, name to value (null when it declares none). On the instance row
    /// rather than a row each: every commit writes the row anyway, so a variable costs no statement of its own.
    /// </summary>
    public string? VariablesJson { get; set; }

    public string? FaultMessage { get; set; }

    public string? FaultedActivityId { get; set; }

    public int IncidentCount { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>Optimistic concurrency: every commit moves it forward; a stale writer fails instead of overwriting.</summary>
    public int Revision { get; set; }

    /// <summary>The node running the instance now; null when nobody runs it. Written by the lease and by the commits that take or end it.</summary>
    public string? OwnerNodeId { get; set; }

    /// <summary>Until when <see cref="OwnerNodeId"/> holds the instance; its heartbeat moves it on, so only a dead node's lease runs out.</summary>
    public DateTimeOffset? LeaseExpiresAt { get; set; }
}

public enum BookmarkKind
{
    Event,
    Timer,
    Retry,
}

public sealed class WorkflowBookmarkRecord
{
    public required string Id { get; set; }

    public required string InstanceId { get; set; }

    /// <summary>The suspended activity run (executor frame) this bookmark resumes.</summary>
    public required string FrameId { get; set; }

    public required string ActivityId { get; set; }

    public BookmarkKind Kind { get; set; }

    public string? EventName { get; set; }

    public string? CorrelationId { get; set; }

    public DateTimeOffset? DueAt { get; set; }

    public string? DataJson { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Set once, by the one resume that wins; later resumes see it and answer "already resumed".</summary>
    public DateTimeOffset? ResumedAt { get; set; }
}

public enum ActivityRunStatus
{
    Running,
    Suspended,
    Completed,
    Faulted,
    Cancelled,
}

/// <summary>One activity run: when it started and ended, how, with what outputs, or why it failed.</summary>
public sealed class ActivityExecutionRecord
{
    public required string Id { get; set; }

    public required string InstanceId { get; set; }

    public long Sequence { get; set; }

    public required string ActivityId { get; set; }

    public required string ActivityType { get; set; }

    public int Attempt { get; set; }

    public ActivityRunStatus Status { get; set; }

    public DateTimeOffset StartedAt { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }

    public string? Outcomes { get; set; }

    /// <summary>The outputs as JSON, cut to a few KB.</summary>
    public string? OutputsJson { get; set; }

    public string? Error { get; set; }
}

public sealed class WorkflowIncidentRecord
{
    public required string Id { get; set; }

    public required string InstanceId { get; set; }

    public required string ActivityId { get; set; }

    public required string ActivityType { get; set; }

    public int Attempt { get; set; }

    public required string Message { get; set; }

    public string? ExceptionType { get; set; }

    public DateTimeOffset Timestamp { get; set; }
}

public sealed class WorkflowLogRecord
{
    public required string Id { get; set; }

    public required string InstanceId { get; set; }

    public long Sequence { get; set; }

    public required string ActivityId { get; set; }

    public required string Message { get; set; }

    public DateTimeOffset Timestamp { get; set; }
}
