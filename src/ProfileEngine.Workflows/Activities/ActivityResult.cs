using System.Text.Json.Nodes;

namespace ProfileEngine.Workflows.Activities;

/// <summary>What an activity run ended with: completed with one or more outcomes, or suspended on bookmarks.</summary>
public sealed class ActivityResult
{
    public const string DoneOutcome = "Done";

    private ActivityResult(IReadOnlyList<string> outcomes, IReadOnlyList<BookmarkRequest> bookmarks)
    {
        Outcomes = outcomes;
        Bookmarks = bookmarks;
    }

    public IReadOnlyList<string> Outcomes { get; }

    public IReadOnlyList<BookmarkRequest> Bookmarks { get; }

    public bool IsSuspended => Bookmarks.Count > 0;

    /// <summary>The whole workflow ends here, Finished: every other running branch is cancelled (Elsa.Finish).</summary>
    public bool FinishesWorkflow { get; private init; }

    public static ActivityResult Done() => new([DoneOutcome], []);

    /// <summary>Completes this activity and finishes the instance; nothing else of it runs.</summary>
    public static ActivityResult FinishWorkflow() => new([DoneOutcome], []) { FinishesWorkflow = true };

    /// <summary>Completes and follows the connections of these out-ports.</summary>
    public static ActivityResult Outcome(params string[] outcomes)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        return outcomes.Length == 0 ? Done() : new([.. outcomes], []);
    }

    /// <summary>Stays incomplete until one of the bookmarks is resumed; then <see cref="WorkflowActivity.ResumeAsync"/> runs.</summary>
    public static ActivityResult Suspend(params BookmarkRequest[] bookmarks)
    {
        ArgumentNullException.ThrowIfNull(bookmarks);
        return bookmarks.Length == 0
            ? throw new ArgumentException("Suspending needs at least one bookmark.", nameof(bookmarks))
            : new([], [.. bookmarks]);
    }
}

/// <summary>
/// A place where a suspended activity waits: a named event (found later by event name and correlation id), or a due
/// time (woken by the scheduler through <see cref="Runtime.IWorkflowRuntime.ResumeDueAsync"/>).
/// </summary>
public sealed record BookmarkRequest
{
    public string? EventName { get; init; }

    public string? CorrelationId { get; init; }

    public DateTimeOffset? DueAt { get; init; }

    /// <summary>Anything the activity wants back when it resumes.</summary>
    public JsonNode? Data { get; init; }

    public static BookmarkRequest ForEvent(string eventName, string? correlationId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(eventName);
        return new BookmarkRequest { EventName = eventName, CorrelationId = correlationId };
    }

    public static BookmarkRequest Until(DateTimeOffset dueAt) => new() { DueAt = dueAt };
}

/// <summary>What a resumed activity receives: the bookmark it waited on and the payload the resumer sent.</summary>
public sealed record BookmarkResumption(string BookmarkId, string? EventName, DateTimeOffset? DueAt, JsonNode? Data, JsonNode? Payload);
