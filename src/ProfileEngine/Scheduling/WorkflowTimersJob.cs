using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ProfileEngine.Workflows.Runtime;
using Quartz;

namespace ProfileEngine.Scheduling;

/// <summary>
/// The global job that resumes workflow timers (Delay bookmarks) that are due, every
/// <see cref="SchedulingOptions.WorkflowTimerInterval"/> (a minute by default).
/// </summary>
[DisallowConcurrentExecution]
public sealed class WorkflowTimersJob(IServiceProvider services, TimeProvider clock, ILogger<WorkflowTimersJob> logger) : IJob
{
    public static readonly JobKey Key = new("workflow-timers", "engine");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var runtime = services.GetService<IWorkflowRuntime>();
        if (runtime is null)
        {
            logger.LogDebug("No workflow runtime is registered; no timers to resume");
            return;
        }

        var resumed = await runtime.ResumeDueAsync(clock.GetUtcNow(), cancellationToken);
        if (resumed > 0)
        {
            logger.LogInformation("Resumed {Count} due workflow timer(s)", resumed);
        }
    }
}
