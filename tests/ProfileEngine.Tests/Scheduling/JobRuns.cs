using System.Threading.Channels;
using Quartz;
using Quartz.Extensibility;

namespace ProfileEngine.Tests.Scheduling;

/// <summary>A Quartz job listener that lets a test await the runs the scheduler finished, without polling.</summary>
public sealed class JobRuns : IJobListener
{
    private readonly Channel<IJobExecutionContext> _finished = Channel.CreateUnbounded<IJobExecutionContext>();

    public string Name => "test-job-runs";

    public static async Task<JobRuns> ListenAsync(IScheduler scheduler)
    {
        ArgumentNullException.ThrowIfNull(scheduler);
        var runs = new JobRuns();
        scheduler.ListenerManager.AddJobListener(runs, [GroupMatcher<JobKey>.AnyGroup()]);
        await Task.CompletedTask;
        return runs;
    }

    /// <summary>The next finished run that matches; the time limit only guards against a broken scheduler.</summary>
    public async Task<IJobExecutionContext> NextAsync(Func<IJobExecutionContext, bool> match)
    {
        ArgumentNullException.ThrowIfNull(match);
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            var run = await _finished.Reader.ReadAsync(limit.Token);
            if (match(run))
            {
                return run;
            }
        }
    }

    /// <summary>A finished run not read yet, if there is one (without waiting).</summary>
    public bool TryNext(out IJobExecutionContext? run) => _finished.Reader.TryRead(out run);

    public ValueTask JobToBeExecuted(IJobExecutionContext context, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    public ValueTask JobExecutionVetoed(IJobExecutionContext context, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    public ValueTask JobWasExecuted(IJobExecutionContext context, JobExecutionException? jobException, CancellationToken cancellationToken = default) =>
        _finished.Writer.WriteAsync(context, cancellationToken);

    public ValueTask JobProgressChanged(IJobExecutionContext context, FireInstanceProgress progress, CancellationToken cancellationToken = default) =>
        ValueTask.CompletedTask;
}
