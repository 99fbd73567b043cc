using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ProfileEngine.Reconciliation;
using ProfileEngine.Workflows.Runtime;
using Quartz;

namespace ProfileEngine.Scheduling;

/// <summary>
/// The global job that resumes workflow timers (Delay bookmarks) that are due, every
/// <see cref="SchedulingOptions.WorkflowTimerInterval"/> (a minute by default).
/// </summary>
[DisallowConcurrentExecution]
public sealed class WorkflowTimersJob(IWorkflowRuntime runtime, TimeProvider clock, ILogger<WorkflowTimersJob> logger) : IJob
{
    public static readonly JobKey Key = new("workflow-timers", "engine");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var resumed = await runtime.ResumeDueAsync(clock.GetUtcNow(), cancellationToken);
        if (resumed > 0)
        {
            logger.LogInformation("Resumed {Count} due workflow timer(s)", resumed);
        }
    }

    /// <summary>
    /// Creates (or replaces) the job and its repeating trigger, starting now on the engine's clock. Misfires do
    /// nothing: after downtime one sweep resumes everything that came due meanwhile.
    /// </summary>
    public static async Task ScheduleAsync(IScheduler scheduler, TimeProvider clock, TimeSpan interval, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scheduler);
        ArgumentNullException.ThrowIfNull(clock);
        var job = JobBuilder.Create<WorkflowTimersJob>().WithIdentity(Key).WithDescription("Resume due workflow timers").StoreDurably().Build();
        var trigger = TriggerBuilder.Create(clock)
            .WithIdentity(Key.Name, Key.Group)
            .ForJob(Key)
            .StartAt(clock.GetUtcNow())
            .WithSimpleSchedule(simple => simple
                .WithInterval(interval)
                .RepeatForever()
                .WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount))
            .Build();
        await scheduler.ScheduleJob(job, [trigger], ScheduleJobOptions.Replacing, cancellationToken);
    }
}

/// <summary>Schedules the engine's global jobs when the host starts (before Quartz's hosted service starts firing).</summary>
public sealed class EngineJobsStartup(ISchedulerFactory schedulers, TimeProvider clock, IOptions<SchedulingOptions> options) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        await WorkflowTimersJob.ScheduleAsync(scheduler, clock, options.Value.WorkflowTimerInterval, cancellationToken);
        await ReconciliationJob.ScheduleAsync(scheduler, clock, options.Value.Zone, cancellationToken);
        await ProfileSchedule.RequestRecoveryOfStoredJobsAsync(scheduler, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
