using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ProfileEngine.Persistence;
using ProfileEngine.Workflows.Persistence;
using Quartz;

namespace ProfileEngine.Reclamation;

/// <summary>
/// ServiceNow's weekly "SAM - Updating Existing Reclamation Candidates": open candidates whose subscription is gone
/// (deleted, or deactivated because the vendor no longer lists it) close: Closed Complete when they were Awaiting
/// Revocation, Closed Skipped otherwise. Then each profile's open candidates are checked against their rules as they
/// are now (<see cref="OpenCandidateReview"/>: fresh activity, exclusions, a raised threshold, too short a history).
/// Flows left waiting for closed candidates are cancelled, these and any whose cancellation failed before.
/// </summary>
[DisallowConcurrentExecution]
public sealed class UpdateExistingCandidatesJob(
    IDbContextFactory<ProfileEngineDbContext> databases,
    CandidateFlows flows,
    RuleEvaluator evaluator,
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

    /// <summary>Closes the candidates of gone subscriptions and those their rules no longer select; returns how many closed.</summary>
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

            var profiles = await db.RemovalCandidates.Where(c => c.OpenSubscriptionId != null).Select(c => c.ProfileId).Distinct().ToListAsync(cancellationToken);
            foreach (var profileId in profiles)
            {
                var review = await evaluator.ReviewOpenCandidatesAsync(profileId, CandidateChanges.SystemActor, cancellationToken);
                closed += review.Canceled + review.ClosedExcluded;
                toCancel.AddRange(review.CanceledFlows);
            }

            // Flows still waiting for candidates that closed without them (their cancellation failed at the time).
            var closedStates = CandidateLifecycle.ClosedStates.ToList();
            toCancel.AddRange(await db.RemovalCandidates
                .Where(c => closedStates.Contains(c.State) && c.WorkflowInstanceId != null)
                .Join(db.Set<WorkflowInstanceRecord>().Where(i => i.Status == WorkflowStatus.Suspended), c => c.WorkflowInstanceId, i => i.Id, (c, i) => i.Id)
                .ToListAsync(cancellationToken));
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
