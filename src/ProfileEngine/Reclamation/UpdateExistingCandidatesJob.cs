using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ProfileEngine.Persistence;
using Quartz;

namespace ProfileEngine.Reclamation;

/// <summary>
/// ServiceNow's weekly "SAM - Updating Existing Reclamation Candidates": open candidates whose subscription is gone
/// (deleted, or deactivated because the vendor no longer lists it) close: Closed Complete when they were Awaiting
/// Revocation, Closed Skipped otherwise. Flows left waiting for closed candidates are cancelled.
/// </summary>
[DisallowConcurrentExecution]
public sealed class UpdateExistingCandidatesJob(
    IDbContextFactory<ProfileEngineDbContext> databases,
    CandidateFlows flows,
    TimeProvider clock,
    ILogger<UpdateExistingCandidatesJob> logger) : IJob
{
    public const string JobName = "SAM - Updating Existing Reclamation Candidates";
    public static readonly JobKey Key = new("update-existing-reclamation-candidates", "engine");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var closed = await RunAsync(cancellationToken);
        logger.LogInformation("{Job}: {Count} candidate(s) closed", JobName, closed);
    }

    /// <summary>Closes the candidates of gone subscriptions; returns how many closed.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var closed = 0;
        var toCancel = new List<string>();
        await using (var db = await databases.CreateDbContextAsync(cancellationToken))
        {
            var gone = await db.RemovalCandidates
                .Where(c => c.State != CandidateState.ClosedComplete && c.State != CandidateState.ClosedSkipped && c.State != CandidateState.ClosedCanceled
                    && c.ReclaimingInstanceId == null
                    && (c.SubscriptionId == null || !db.SoftwareSubscriptions.Any(s => s.Id == c.SubscriptionId && s.Active)))
                .ToListAsync(cancellationToken);
            foreach (var candidate in gone)
            {
                CandidateChanges.Apply(db, candidate, CandidateAction.SubscriptionGone, CandidateChanges.SystemActor,
                    $"{JobName}: the subscription is gone.", now);
                if (candidate.State == CandidateState.ClosedComplete)
                {
                    candidate.ActualSavings = candidate.PotentialSavings;
                }

                if (candidate.WorkflowInstanceId is { } flow)
                {
                    toCancel.Add(flow);
                }
            }

            await db.SaveChangesAsync(cancellationToken);
            closed = gone.Count;
        }

        await flows.CancelAsync(toCancel, cancellationToken);
        return closed;
    }

    public static async Task ScheduleAsync(IScheduler scheduler, TimeProvider clock, string cron, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scheduler);
        var job = JobBuilder.Create<UpdateExistingCandidatesJob>().WithIdentity(Key).WithDescription(JobName).StoreDurably().Build();
        var trigger = TriggerBuilder.Create(clock)
            .WithIdentity(Key.Name, Key.Group)
            .ForJob(Key)
            .WithDescription(JobName)
            .StartAt(clock.GetUtcNow())
            .WithCronSchedule(cron, c => c.WithMisfireInstruction(CronTriggerMisfireInstruction.DoNothing))
            .Build();
        await scheduler.ScheduleJob(job, new List<ITrigger> { trigger }, ScheduleJobOptions.Replacing, cancellationToken);
    }
}

/// <summary>Schedules the weekly candidate job when the host starts.</summary>
public sealed class ReclamationJobsStartup(ISchedulerFactory schedulers, TimeProvider clock, IOptions<ReclamationOptions> options) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken) =>
        await UpdateExistingCandidatesJob.ScheduleAsync(await schedulers.GetScheduler(cancellationToken), clock, options.Value.UpdateExistingCandidatesCron, cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
