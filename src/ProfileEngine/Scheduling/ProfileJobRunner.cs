using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ProfileEngine.Observability;
using ProfileEngine.Persistence;
using ProfileEngine.Workflows.Persistence;
using ProfileEngine.Workflows.Runtime;

namespace ProfileEngine.Scheduling;

/// <summary>
/// One run of a profile job: starts the bound subflow through the workflow runtime with the profile id as input
/// and correlation id, and records a <see cref="ScheduledJobResult"/> (written as Running first, so operators see
/// it while it runs). A failure is recorded, never thrown back at Quartz, and shows on the profile as its last error.
/// </summary>
public sealed class ProfileJobRunner(
    IDbContextFactory<ProfileEngineDbContext> dbFactory,
    IServiceProvider services,
    ProfileSchedule schedule,
    TimeProvider clock,
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

        try
        {
            var runtime = services.GetRequiredService<IWorkflowRuntime>();
            var input = new JsonObject { ["profileId"] = profileId.ToString() };
            var run = await runtime.StartAsync(result.WorkflowDefinitionId, input, profileId.ToString(), cancellationToken);
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
        EngineMetrics.RecordJob(process, result.Outcome, clock.GetElapsedTime(started));
        if (result.Outcome == JobOutcome.Failed)
        {
            logger.LogWarning("{JobName} failed: {Error}", job.Name, result.Error);
        }
        else
        {
            logger.LogInformation("{JobName} ended {Outcome}; workflow instance {InstanceId}", job.Name, result.Outcome, result.WorkflowInstanceId);
        }

        return result;
    }

    private static async Task<string?> CountsAsync(IWorkflowRuntime runtime, string instanceId, CancellationToken cancellationToken)
    {
        var details = await runtime.GetAsync(instanceId, cancellationToken);
        return details is not null && details.Variables.TryGetValue(CountsVariable, out var counts) && counts is JsonObject
            ? counts.ToJsonString()
            : null;
    }
}
