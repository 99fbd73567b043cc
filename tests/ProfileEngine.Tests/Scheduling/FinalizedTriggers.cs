using System.Threading.Channels;
using Quartz;

namespace ProfileEngine.Tests.Scheduling;

/// <summary>
/// Triggers the scheduler will never fire again, announced once the job store has completed their last run. A job
/// listener hears of a run before the store records its completion; a test that changes the job next waits here.
/// </summary>
public sealed class FinalizedTriggers : ISchedulerListener
{
    private readonly Channel<TriggerKey> _finalized = Channel.CreateUnbounded<TriggerKey>();

    public string Name => "test-finalized-triggers";

    public static FinalizedTriggers Listen(IScheduler scheduler)
    {
        ArgumentNullException.ThrowIfNull(scheduler);
        var listener = new FinalizedTriggers();
        scheduler.ListenerManager.AddSchedulerListener(listener);
        return listener;
    }

    /// <summary>Waits until <paramref name="key"/> is finalized; the time limit only guards against a broken scheduler.</summary>
    public async Task WaitForAsync(TriggerKey key)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!Equals(await _finalized.Reader.ReadAsync(limit.Token), key))
        {
        }
    }

    public ValueTask TriggerFinalized(IScheduler scheduler, ITrigger trigger, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(trigger);
        return _finalized.Writer.WriteAsync(trigger.Key, cancellationToken);
    }

    ValueTask ISchedulerListener.JobScheduled(IScheduler scheduler, ITrigger trigger, CancellationToken cancellationToken) => default;

    ValueTask ISchedulerListener.JobUnscheduled(IScheduler scheduler, TriggerKey triggerKey, CancellationToken cancellationToken) => default;

    ValueTask ISchedulerListener.TriggerPaused(IScheduler scheduler, TriggerKey triggerKey, CancellationToken cancellationToken) => default;

    ValueTask ISchedulerListener.TriggersPaused(IScheduler scheduler, string? triggerGroup, CancellationToken cancellationToken) => default;

    ValueTask ISchedulerListener.TriggerResumed(IScheduler scheduler, TriggerKey triggerKey, CancellationToken cancellationToken) => default;

    ValueTask ISchedulerListener.TriggersResumed(IScheduler scheduler, string? triggerGroup, CancellationToken cancellationToken) => default;

    ValueTask ISchedulerListener.JobAdded(IScheduler scheduler, IJobDetail jobDetail, CancellationToken cancellationToken) => default;

    ValueTask ISchedulerListener.JobDeleted(IScheduler scheduler, JobKey jobKey, CancellationToken cancellationToken) => default;

    ValueTask ISchedulerListener.JobPaused(IScheduler scheduler, JobKey jobKey, CancellationToken cancellationToken) => default;

    ValueTask ISchedulerListener.JobInterrupted(IScheduler scheduler, JobKey jobKey, CancellationToken cancellationToken) => default;

    ValueTask ISchedulerListener.JobInterrupted(IScheduler scheduler, JobKey jobKey, string? reason, CancellationToken cancellationToken) => default;

    ValueTask ISchedulerListener.JobsPaused(IScheduler scheduler, string? jobGroup, CancellationToken cancellationToken) => default;

    ValueTask ISchedulerListener.JobResumed(IScheduler scheduler, JobKey jobKey, CancellationToken cancellationToken) => default;

    ValueTask ISchedulerListener.JobsResumed(IScheduler scheduler, string? jobGroup, CancellationToken cancellationToken) => default;

    ValueTask ISchedulerListener.SchedulerError(IScheduler scheduler, SchedulerErrorContext errorContext, CancellationToken cancellationToken) => default;

    ValueTask ISchedulerListener.TriggerInError(IScheduler scheduler, TriggerKey triggerKey, CancellationToken cancellationToken) => default;

    ValueTask ISchedulerListener.TriggersInError(IScheduler scheduler, JobKey jobKey, CancellationToken cancellationToken) => default;

    ValueTask ISchedulerListener.SchedulerInStandbyMode(IScheduler scheduler, CancellationToken cancellationToken) => default;

    ValueTask ISchedulerListener.SchedulerStarted(IScheduler scheduler, CancellationToken cancellationToken) => default;

    ValueTask ISchedulerListener.SchedulerStarting(IScheduler scheduler, CancellationToken cancellationToken) => default;

    ValueTask ISchedulerListener.SchedulerShutdown(IScheduler scheduler, CancellationToken cancellationToken) => default;

    ValueTask ISchedulerListener.SchedulerShuttingDown(IScheduler scheduler, CancellationToken cancellationToken) => default;

    ValueTask ISchedulerListener.SchedulingDataCleared(IScheduler scheduler, CancellationToken cancellationToken) => default;
}
