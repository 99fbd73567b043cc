
namespace ProfileEngine.Reclamation;

public enum BackgroundRunStatus
{
    Queued,
    Running,
    Finished,
    Failed,
}

/// <summary>
/// A Reclaim All started from the UI or API and worked off in the background (one Quartz job per run), with its
/// progress, so a large queue never holds a page or a request open.
/// </summary>
public sealed class ReclaimAllRun
{
    public Guid Id { get; set; }

    public Guid? ProfileId { get; set; }

    public Guid? ModelId { get; set; }

    public string? AssignmentGroup { get; set; }

    public string? Note { get; set; }

    public int Limit { get; set; }

    public required string RequestedBy { get; set; }

    public DateTimeOffset RequestedAt { get; set; }

    public BackgroundRunStatus Status { get; set; }

    /// <summary>Ready candidates matching the filter when the run was requested (at most the limit).</summary>
    public int Matched { get; set; }

    public int Decided { get; set; }

    public int Skipped { get; set; }

    /// <summary>Why candidates were skipped (one line each, cut to fit), or why the run failed.</summary>
    public string? Problems { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }
}

public sealed record ReclaimAllRunView(
    Guid Id, Guid? ProfileId, Guid? ModelId, string? AssignmentGroup, int Limit, string RequestedBy, DateTimeOffset RequestedAt,
    BackgroundRunStatus Status, int Matched, int Decided, int Skipped, string? Problems, DateTimeOffset? FinishedAt)
{
    public static ReclaimAllRunView Of(ReclaimAllRun r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new(r.Id, r.ProfileId, r.ModelId, r.AssignmentGroup, r.Limit, r.RequestedBy, r.RequestedAt, r.Status, r.Matched, r.Decided, r.Skipped, r.Problems, r.FinishedAt);
    }
}
