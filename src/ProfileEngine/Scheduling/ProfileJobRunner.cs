using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ProfileEngine.Observability;
using ProfileEngine.Persistence;
using ProfileEngine.Workflows.Hosting;
using ProfileEngine.Workflows.Persistence;
using ProfileEngine.Workflows.Runtime;

namespace ProfileEngine.Scheduling;

/// <summary>
/// One run of a profile job: starts the bound subflow through the workflow runtime with the profile id as input
/// and correlation id, and records a <see cref="ScheduledJobResult"/> (written as Running first, so operators see
/// it while it runs). A failure is recorded, never thrown back at Quartz, and shows on the profile as its last error.
/// A run Quartz recovers (its node died mid-run) does not start the subflow again: it finishes the result the dead
/// run left Running, waiting for or continuing the workflow instance that run started (see <see cref="RecoverAsync"/>).
/// </summary>
public sealed class ProfileJobRunner(
    IDbContextFactory<ProfileEngineDbContext> dbFactory,
    IServiceProvider services,
    ProfileSchedule schedule,
    TimeProvider clock,
    IOptions<WorkflowRuntimeOptions> workflowOptions,
    ILogger<ProfileJobRunner> logger)
{
    /// <summary>The variable a subflow may set to report what it did, e.g. <c>{"downloaded": 1200, "deactivated": 3}</c>.</summary>
    public const string CountsVariable = "counts";

    private const int MaxErrorLength = 4000;

    public async Task<ScheduledJobResult?> RunAsync(Guid profileId, ProfileProcess process, string firedBy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(firedBy);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var profile = await db.IntegrationProfiles.AsNoTracking().SingleOrDefaultAsync(p => p.Id == profileId, cancellationToken);
        var job = await db.ProfileJobs.AsNoTracking().SingleOrDefaultAsync(j => j.ProfileId == profileId && j.Process == process, cancellationToken);
        if (profile is null || job is null)
        {
            // Quartz kept a job the engine no longer has (its profile went while the scheduler was unreachable).
            logger.LogWarning("Scheduled job {JobKey} belongs to no profile job; deleting it", ProfileSchedule.QuartzKeyFor(profileId, process));
            await schedule.DeleteAsync(profileId, process, cancellationToken);
            return null;
        }

        var started = clock.GetTimestamp();
        var result = new ScheduledJobResult
        {
            Id = Guid.CreateVersion7(clock.GetUtcNow()),
            ProfileId = profileId,
            Process = process,
            JobName = job.Name,
            FiredBy = firedBy,
            WorkflowDefinitionId = process == ProfileProcess.Subscriptions ? profile.DownloadSubflow : profile.ActivitySubflow,
            StartedAt = clock.GetUtcNow(),
            Outcome = JobOutcome.Running,
        };
        db.ScheduledJobResults.Add(result);
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("{JobName} started ({FiredBy}): subflow {DefinitionId}", job.Name, firedBy, result.WorkflowDefinitionId);

        var runtime = services.GetRequiredService<IWorkflowRuntime>();
        await FinishAsync(db, result, job.Name, started, () =>
        {
            var input = new JsonObject { ["profileId"] = profileId.ToString() };
            return runtime.StartAsync(result.WorkflowDefinitionId, input, profileId.ToString(), cancellationToken);
        }, cancellationToken);
        return result;
    }

    /// <summary>
    /// A run Quartz fires again because the node running it died (the job requests recovery). The dead run's result
    /// row is finished rather than a second one added, and its workflow instance, which continues from its last
    /// commit, is waited for or continued here: starting the subflow again would download (or reclaim) twice. When the
    /// dead run left no result or no instance (it died before its first commit), this is an ordinary run.
    /// </summary>
    public async Task<ScheduledJobResult?> RecoverAsync(Guid profileId, ProfileProcess process, string firedBy, CancellationToken cancellationToken)
    {
        ScheduledJobResult? interrupted;
        string? instanceId;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            interrupted = await db.ScheduledJobResults.AsNoTracking()
                .Where(r => r.ProfileId == profileId && r.Process == process && r.Outcome == JobOutcome.Running)
                .OrderByDescending(r => r.StartedAt).ThenByDescending(r => r.Id)
                .FirstOrDefaultAsync(cancellationToken);
            instanceId = interrupted is null ? null : interrupted.WorkflowInstanceId ?? await InstanceStartedByAsync(db, interrupted, cancellationToken);
        }

        if (interrupted is null || instanceId is null)
        {
            logger.LogWarning(
                "Recovering {JobKey} ({FiredBy}): the interrupted run left no workflow instance, so it runs again",
                ProfileSchedule.QuartzKeyFor(profileId, process), firedBy);
            if (interrupted is not null)
            {
                await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
                db.ScheduledJobResults.Attach(interrupted);
                (interrupted.Outcome, interrupted.Error, interrupted.EndedAt) =
                    (JobOutcome.Failed, "The node running this job stopped before its workflow instance started; the job ran again.", clock.GetUtcNow());
                await db.SaveChangesAsync(cancellationToken);
            }

            return await RunAsync(profileId, process, firedBy, cancellationToken);
        }

        logger.LogWarning(
            "{JobName} ({FiredBy}) was interrupted when its node stopped; finishing it with its workflow instance {InstanceId}", interrupted.JobName, firedBy, instanceId);
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            db.ScheduledJobResults.Attach(interrupted);
            var runtime = services.GetRequiredService<IWorkflowRuntime>();
            await FinishAsync(db, interrupted, interrupted.JobName, clock.GetTimestamp(), () => ContinueAsync(runtime, instanceId, cancellationToken), cancellationToken);
        }

        return interrupted;
    }

    /// <summary>Runs the workflow part of a job, then records its outcome, counts and error on <paramref name="result"/> (tracked by <paramref name="db"/>).</summary>
    private async Task FinishAsync(
        ProfileEngineDbContext db, ScheduledJobResult result, string jobName, long started, Func<Task<WorkflowRunResult>> runWorkflow, CancellationToken cancellationToken)
    {
        try
        {
            var runtime = services.GetRequiredService<IWorkflowRuntime>();
            var run = await runWorkflow();
            result.WorkflowInstanceId = run.InstanceId;
            (result.Outcome, result.Error) = run.Status switch
            {
                WorkflowStatus.Finished => (JobOutcome.Succeeded, null),
                WorkflowStatus.Suspended or WorkflowStatus.Running => (JobOutcome.Waiting, null),
                WorkflowStatus.Cancelled => (JobOutcome.Failed, $"The workflow instance {run.InstanceId} was cancelled."),
                _ => (JobOutcome.Failed, run.FaultMessage ?? $"The workflow instance {run.InstanceId} faulted."),
            };
            result.Counts = await CountsAsync(runtime, run.InstanceId, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            result.Outcome = JobOutcome.Failed;
            result.Error = "The engine stopped during the run; the workflow instance continues when it starts again.";
        }
#pragma warning disable CA1031 // Any failure of a run is recorded on the result and the profile; Quartz has nothing better to do with it.
        catch (Exception e)
#pragma warning restore CA1031
        {
            result.Outcome = JobOutcome.Failed;
            result.Error = e.Message;
        }

        if (result.Error is { Length: > MaxErrorLength } long_)
        {
            result.Error = long_[..MaxErrorLength];
        }

        result.EndedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(CancellationToken.None);
        EngineMetrics.RecordJob(result.Process, result.Outcome, clock.GetElapsedTime(started));
        if (result.Outcome == JobOutcome.Failed)
        {
            logger.LogWarning("{JobName} failed: {Error}", jobName, result.Error);
        }
        else
        {
            logger.LogInformation("{JobName} ended {Outcome}; workflow instance {InstanceId}", jobName, result.Outcome, result.WorkflowInstanceId);
        }
    }

    /// <summary>The first instance of the run's subflow for its profile created since the run started: the one it started.</summary>
    private static async Task<string?> InstanceStartedByAsync(ProfileEngineDbContext db, ScheduledJobResult run, CancellationToken cancellationToken)
    {
        var correlationId = run.ProfileId.ToString();
        return await db.Set<WorkflowInstanceRecord>().AsNoTracking()
            .Where(i => i.DefinitionId == run.WorkflowDefinitionId && i.CorrelationId == correlationId && i.CreatedAt >= run.StartedAt)
            .OrderBy(i => i.CreatedAt).ThenBy(i => i.Id)
            .Select(i => i.Id)
            .FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>
    /// Waits until the instance leaves Running. While a live node holds its lease, that node is left to run it and it
    /// is looked at again when the lease would run out; once nobody holds it, it is continued here through the
    /// runtime's recovery (which never takes an instance a live node holds), so the job does not depend on the
    /// periodic recovery's interval.
    /// </summary>
    private async Task<WorkflowRunResult> ContinueAsync(IWorkflowRuntime runtime, string instanceId, CancellationToken cancellationToken)
    {
        while (true)
        {
            var instance = await ReadInstanceAsync(instanceId, cancellationToken);
            if (instance.Status == WorkflowStatus.Running && IsFree(instance))
            {
                await runtime.RecoverAsync(cancellationToken);
                instance = await ReadInstanceAsync(instanceId, cancellationToken);
            }

            if (instance.Status != WorkflowStatus.Running)
            {
                return new WorkflowRunResult(instance.Id, instance.Status, instance.FaultMessage);
            }

            var now = clock.GetUtcNow();
            var wait = instance.LeaseExpiresAt is { } until && until > now
                ? until - now + TimeSpan.FromSeconds(1)
                : workflowOptions.Value.RecoveryInterval;
            await Task.Delay(wait, clock, cancellationToken);
        }
    }

    private bool IsFree(WorkflowInstanceRecord instance) =>
        instance.OwnerNodeId is null || instance.LeaseExpiresAt is null || instance.LeaseExpiresAt < clock.GetUtcNow();

    private async Task<WorkflowInstanceRecord> ReadInstanceAsync(string instanceId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Set<WorkflowInstanceRecord>().AsNoTracking().SingleOrDefaultAsync(i => i.Id == instanceId, cancellationToken)
            ?? throw new WorkflowStateException($"The workflow instance {instanceId} of the interrupted run no longer exists.");
    }

    private static async Task<string?> CountsAsync(IWorkflowRuntime runtime, string instanceId, CancellationToken cancellationToken)
    {
        var details = await runtime.GetAsync(instanceId, cancellationToken);
        return details is not null && details.Variables.TryGetValue(CountsVariable, out var counts) && counts is JsonObject
            ? counts.ToJsonString()
            : null;
    }
}
