using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ProfileEngine.Messaging;
using Quartz;

namespace ProfileEngine.Reconciliation;

/// <summary>The global weekly job "SAM - Reconciliation": runs <see cref="Reconcile"/> as the system actor.</summary>
[DisallowConcurrentExecution]
public sealed class ReconciliationJob(IServiceScopeFactory scopes, ILogger<ReconciliationJob> logger) : IJob
{
    public const string Name = "SAM - Reconciliation";

    /// <summary>Sundays at 04:00, after the nightly refresh jobs (02:00 and 03:00 by default) have brought fresh data.</summary>
    public const string WeeklyCron = "0 0 4 ? * SUN";

    public static readonly JobKey Key = new("reconciliation", "engine");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentOperator>().Name = CurrentOperator.System;
        var result = await scope.ServiceProvider.GetRequiredService<ISender>().Send(new Reconcile(ReconciliationTrigger.Weekly), cancellationToken);
        logger.LogInformation("Reconciliation {Run} stored the positions of {Count} software model(s)", result.RunId, result.Models.Count);
    }

    /// <summary>
    /// Creates (or replaces) the job and its weekly cron trigger in <paramref name="zone"/>. Misfires do nothing: after
    /// downtime the next Sunday's run (or an on-demand one) brings the figures up to date.
    /// </summary>
    public static async Task ScheduleAsync(IScheduler scheduler, TimeProvider clock, TimeZoneInfo zone, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scheduler);
        ArgumentNullException.ThrowIfNull(clock);
        var job = JobBuilder.Create<ReconciliationJob>().WithIdentity(Key).WithDescription(Name).StoreDurably().Build();
        var trigger = TriggerBuilder.Create(clock)
            .WithIdentity("weekly", Key.Name)
            .ForJob(Key)
            .WithDescription($"{Name}: weekly")
            .StartAt(clock.GetUtcNow())
            .WithCronSchedule(WeeklyCron, cron => cron.InTimeZone(zone).WithMisfireInstruction(CronTriggerMisfireInstruction.DoNothing))
            .Build();
        await scheduler.ScheduleJob(job, [trigger], ScheduleJobOptions.Replacing, cancellationToken);
    }
}
