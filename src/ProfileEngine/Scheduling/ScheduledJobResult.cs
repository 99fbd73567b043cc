
namespace ProfileEngine.Scheduling;

public enum JobOutcome
{
    /// <summary>The run has started and not ended yet.</summary>
    Running,

    /// <summary>The subflow finished.</summary>
    Succeeded,

    /// <summary>The subflow is waiting (a timer or an event) and continues on its own; the job's part is done.</summary>
    Waiting,

    /// <summary>The subflow could not start, faulted or was cancelled; <see cref="ScheduledJobResult.Error"/> says why.</summary>
    Failed,
}

/// <summary>
/// One run of a profile job (ServiceNow's "Scheduled Job Results"): which job, for which profile, the workflow
/// instance it started, when, how it ended, the counts the subflow reported and the error. Kept when the profile is
/// deleted, as history.
/// </summary>
public sealed class ScheduledJobResult
{
    public Guid Id { get; set; }

    public Guid ProfileId { get; set; }

    public ProfileProcess Process { get; set; }

    public required string JobName { get; set; }

    /// <summary>What fired it: <c>publish</c>, <c>daily</c> or <c>run-now</c> (with who asked).</summary>
    public required string FiredBy { get; set; }

    public required string WorkflowDefinitionId { get; set; }

    public string? WorkflowInstanceId { get; set; }

    public DateTimeOffset StartedAt { get; set; }

    public DateTimeOffset? EndedAt { get; set; }

    public JobOutcome Outcome { get; set; }

    /// <summary>The subflow's <c>counts</c> variable (JSON object of numbers), when it set one.</summary>
    public string? Counts { get; set; }

    public string? Error { get; set; }
}
