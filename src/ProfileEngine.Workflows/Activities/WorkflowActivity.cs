namespace ProfileEngine.Workflows.Activities;

/// <summary>
/// The base of every leaf activity. Subclasses carry <see cref="ActivityAttribute"/>, declare typed
/// <see cref="Input{T}"/>/<see cref="Output{T}"/> properties, and are created from DI for each run, so they can take
/// the database or HTTP clients in their constructor.
/// </summary>
public abstract class WorkflowActivity
{
    /// <summary>Runs the activity: complete (optionally choosing outcomes), or suspend on bookmarks.</summary>
    public abstract ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken);

    /// <summary>Runs when a bookmark this activity created is resumed. Completes with Done unless overridden.</summary>
    public virtual ValueTask<ActivityResult> ResumeAsync(ActivityContext context, BookmarkResumption resumption, CancellationToken cancellationToken)
        => ValueTask.FromResult(ActivityResult.Done());

    /// <summary>
    /// Whether a run changes anything outside the instance (a vendor call, a database write). The runtime commits
    /// right after every such activity. Activities that only touch the instance (Start, SetVariable, WriteLine,
    /// decisions) return false: their results commit with the next commit, and after a crash they simply run again.
    /// </summary>
    public virtual bool HasSideEffects => true;

    /// <summary>
    /// True when the activity's only effects outside the instance are database writes it hands to the run's own commits
    /// (<c>ActivityContext.CommitWithResult</c>, <c>SaveCheckpointAsync</c> with work): they commit or roll back together
    /// with the instance. A new instance's start then needs nothing confirmed before the activity runs (see
    /// <c>WorkflowRuntime.StartAsync</c>): a commit that is refused takes the activity's writes back with it.
    /// </summary>
    public virtual bool EffectsCommitWithInstance => false;

    /// <summary>Retries when the definition sets none (<c>customProperties.retryPolicy</c>). Null means one attempt.</summary>
    public virtual RetryPolicy? DefaultRetryPolicy => null;
}

/// <summary>How often a failing activity is tried and how long to wait between attempts (delay × multiplier^(n-1)).</summary>
public sealed record RetryPolicy(int MaxAttempts, TimeSpan Delay, double BackoffMultiplier = 2)
{
    public TimeSpan DelayBefore(int nextAttempt) =>
        TimeSpan.FromTicks((long)(Delay.Ticks * Math.Pow(BackoffMultiplier, Math.Max(0, nextAttempt - 2))));
}
