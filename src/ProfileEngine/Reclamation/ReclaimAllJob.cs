using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ProfileEngine.Messaging;
using ProfileEngine.Persistence;
using Quartz;

namespace ProfileEngine.Reclamation;

/// <summary>
/// Works off one background Reclaim All: the Reclaim decision for each Ready candidate of its filter, as the person
/// who started it, with the progress saved as it goes. After a restart Quartz runs it again and it simply continues:
/// decided candidates are no longer Ready.
/// </summary>
[DisallowConcurrentExecution]
public sealed class ReclaimAllJob(IServiceScopeFactory scopes, IDbContextFactory<ProfileEngineDbContext> databases, TimeProvider clock, ILogger<ReclaimAllJob> logger) : IJob
{
    public const string RunIdKey = "reclaimAllRunId";
    private const int ProgressEvery = 10;

    public static async Task EnqueueAsync(IScheduler scheduler, TimeProvider clock, Guid runId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scheduler);
        var key = new JobKey("reclaim-all-" + runId.ToString("N"), "reclamation");
        var job = JobBuilder.Create<ReclaimAllJob>().WithIdentity(key).WithDescription("Reclaim All")
            .UsingJobData(RunIdKey, runId.ToString()).RequestRecovery().Build();
        var trigger = TriggerBuilder.Create(clock).WithIdentity(key.Name, key.Group).ForJob(key).StartAt(clock.GetUtcNow()).Build();
        await scheduler.ScheduleJob(job, trigger, cancellationToken: cancellationToken);
    }

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (Guid.TryParse(context.MergedJobDataMap.GetString(RunIdKey), out var runId))
        {
            await RunAsync(runId, cancellationToken);
        }
    }

    public async Task RunAsync(Guid runId, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var run = await db.ReclaimAllRuns.SingleOrDefaultAsync(r => r.Id == runId, cancellationToken);
        if (run is null || run.Status is BackgroundRunStatus.Finished or BackgroundRunStatus.Failed)
        {
            return;
        }

        run.Status = BackgroundRunStatus.Running;
        await db.SaveChangesAsync(cancellationToken);
        var problems = new List<string>();
        try
        {
            var filter = new ListRemovalCandidates(run.ProfileId, CandidateState.Ready, ModelId: run.ModelId, AssignmentGroup: run.AssignmentGroup);
            var ids = await ListRemovalCandidatesHandler.Filter(db, filter).OrderBy(c => c.Id)
                .Take(Math.Max(0, run.Limit - run.Decided - run.Skipped)).Select(c => c.Id).ToListAsync(cancellationToken);
            foreach (var id in ids)
            {
                await using (var scope = scopes.CreateAsyncScope())
                {
                    scope.ServiceProvider.GetRequiredService<CurrentOperator>().Name = run.RequestedBy;
                    try
                    {
                        await scope.ServiceProvider.GetRequiredService<ISender>()
                            .Send(new DecideRemovalCandidate(RemovalCandidate.FormatNumber(id), CandidateAction.Reclaim, run.Note), cancellationToken);
                        run.Decided++;
                    }
                    catch (Exception e) when (e is IllegalCandidateTransitionException or RequestConflictException)
                    {
                        run.Skipped++;
                        problems.Add(e.Message);
                    }
                }

                if ((run.Decided + run.Skipped) % ProgressEvery == 0)
                {
                    run.Problems = Join(run.Problems, problems);
                    problems.Clear();
                    await db.SaveChangesAsync(cancellationToken);
                }
            }

            run.Status = BackgroundRunStatus.Finished;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Reclaim All run {Run} failed after {Decided} decision(s)", runId, run.Decided);
            run.Status = BackgroundRunStatus.Failed;
            problems.Add("The run stopped: " + e.Message);
        }

        run.Problems = Join(run.Problems, problems);
        run.FinishedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(CancellationToken.None);
    }

    private static string? Join(string? earlier, List<string> more)
    {
        if (more.Count == 0)
        {
            return earlier;
        }

        var text = string.Join('\n', earlier is null ? more : more.Prepend(earlier));
        return text.Length > 8000 ? text[..8000] : text;
    }
}
