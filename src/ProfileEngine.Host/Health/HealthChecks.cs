using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ProfileEngine.Persistence;
using ProfileEngine.Workflows.Hosting;
using ProfileEngine.Workflows.Persistence;
using ProfileEngine.Workflows.Runtime;
using Quartz;

namespace ProfileEngine.Host.Health;

/// <summary>
/// What <c>GET /health</c> checks: the database answers a query, Quartz is started and not in standby, how the
/// workflow instances stand, and this node's dispatcher of background runs. Failures are described in words of its own (the exception goes to the log only), so no
/// path, connection string or secret reaches the anonymous answer.
/// </summary>
public sealed class HealthChecks(
    IDbContextFactory<ProfileEngineDbContext> databases,
    ISchedulerFactory schedulers,
    TimeProvider clock,
    IConfiguration configuration,
    IWorkflowRuntime runtime,
    IOptions<WorkflowRuntimeOptions> workflowOptions,
    ILogger<HealthChecks> logger)
{
    public const string Healthy = "Healthy";
    public const string Degraded = "Degraded";
    public const string Unhealthy = "Unhealthy";

    /// <summary>A Running instance whose last checkpoint is older than this is reported as stale (the engine may have died mid-step).</summary>
    public const string StaleRunningAfterKey = "ProfileEngine:Health:StaleRunningAfter";

    private static readonly TimeSpan DefaultStaleRunningAfter = TimeSpan.FromMinutes(30);

    public async Task<DatabaseHealth> DatabaseAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var db = await databases.CreateDbContextAsync(cancellationToken);
            await db.Set<WorkflowDefinitionRecord>().AsNoTracking().AnyAsync(cancellationToken);
            return new DatabaseHealth(Healthy, null);
        }
#pragma warning disable CA1031 // Any failure means "down"; the report says so instead of failing itself.
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
        {
            logger.LogError(e, "Health: the database cannot be opened or queried");
            return new DatabaseHealth(Unhealthy, "The database cannot be opened or queried; see the engine's log.");
        }
    }

    public async Task<SchedulerHealth> SchedulerAsync(CancellationToken cancellationToken)
    {
        try
        {
            var scheduler = await schedulers.GetScheduler(cancellationToken);
            var meta = await scheduler.GetMetadata(cancellationToken);
            var problem = meta.Status switch
            {
                SchedulerStatus.Running => null,
                SchedulerStatus.Standby => "The scheduler is in standby: no job fires.",
                SchedulerStatus.Created => "The scheduler has not started.",
                SchedulerStatus.ShuttingDown or SchedulerStatus.Shutdown => "The scheduler is shut down.",
                _ => "The scheduler's state is unknown.",
            };
            // The type's simple name only: the assembly-qualified name says nothing more an operator needs.
            var jobStore = meta.JobStoreTypeName?.Split(',')[0].Split('.')[^1];
            return new SchedulerHealth(
                problem is null ? Healthy : Unhealthy,
                problem,
                meta.Status.ToString(),
                meta.Status == SchedulerStatus.Standby,
                jobStore,
                meta.JobStoreClustered,
                meta.SchedulerInstanceId);
        }
#pragma warning disable CA1031 // As above.
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
        {
            logger.LogError(e, "Health: the scheduler cannot be reached");
            return new SchedulerHealth(Unhealthy, "The scheduler cannot be reached; see the engine's log.", nameof(SchedulerStatus.Unknown), false, null, false, null);
        }
    }

    public async Task<WorkflowHealth> WorkflowsAsync(CancellationToken cancellationToken)
    {
        var staleAfter = configuration.GetValue<TimeSpan?>(StaleRunningAfterKey) ?? DefaultStaleRunningAfter;
        try
        {
            await using var db = await databases.CreateDbContextAsync(cancellationToken);
            var instances = db.Set<WorkflowInstanceRecord>().AsNoTracking();
            var counts = await instances
                .Where(i => i.Status == WorkflowStatus.Running || i.Status == WorkflowStatus.Suspended || i.Status == WorkflowStatus.Faulted)
                .GroupBy(i => i.Status)
                .Select(g => new { Status = g.Key, Count = g.Count() })
                .ToListAsync(cancellationToken);
            var staleBefore = clock.GetUtcNow() - staleAfter;
            var stale = await instances.CountAsync(i => i.Status == WorkflowStatus.Running && i.UpdatedAt < staleBefore, cancellationToken);
            int Count(WorkflowStatus status) => counts.SingleOrDefault(c => c.Status == status)?.Count ?? 0;
            return new WorkflowHealth(
                stale == 0 ? Healthy : Degraded,
                stale == 0 ? null : $"{stale} Running instance(s) made no progress for more than {staleAfter.TotalMinutes:0} minutes.",
                Count(WorkflowStatus.Running),
                Count(WorkflowStatus.Suspended),
                Count(WorkflowStatus.Faulted),
                stale,
                (int)staleAfter.TotalMinutes);
        }
#pragma warning disable CA1031 // As above; the database check reports the cause.
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
        {
            logger.LogError(e, "Health: the workflow instances cannot be counted");
            return new WorkflowHealth(Unhealthy, "The workflow instances cannot be counted; see the engine's log.", 0, 0, 0, 0, (int)staleAfter.TotalMinutes);
        }
    }

    /// <summary>This node's dispatcher of background runs (what web requests start or resume).</summary>
    public DispatcherHealth Dispatcher()
    {
        var state = runtime.BackgroundRuns;
        return new DispatcherHealth(
            state.Stopped ? Unhealthy : Healthy,
            state.Stopped ? "The dispatcher has stopped (the node is shutting down): decisions are accepted but wait for recovery." : null,
            workflowOptions.Value.NodeId,
            state.Queued,
            state.Running,
            state.Capacity);
    }

    public sealed record DatabaseHealth(string Status, string? Problem);

    public sealed record DispatcherHealth(string Status, string? Problem, string NodeId, int Queued, int Running, int Capacity);

    public sealed record SchedulerHealth(
        string Status, string? Problem, string State, bool InStandby, string? JobStore, bool Clustered, string? InstanceId);

    public sealed record WorkflowHealth(
        string Status, string? Problem, int Running, int Suspended, int Faulted, int StaleRunning, int StaleAfterMinutes);
}
