using Quartz;

namespace ProfileEngine.Scheduling;

/// <summary>
/// "SAM - Refresh &lt;name&gt; Subscriptions|Activity": starts the profile's bound subflow and records the run
/// (<see cref="ProfileJobRunner"/>). One run at a time per job. The job requests recovery: when the node running it
/// dies, Quartz fires it again on another node (or on this one when it restarts), which finishes the interrupted run.
/// </summary>
[DisallowConcurrentExecution]
public sealed class ProfileRefreshJob(ProfileJobRunner runner) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var data = context.MergedJobDataMap;
        var profileId = Guid.Parse(data.GetString(ProfileSchedule.ProfileIdKey)!);
        var process = Enum.Parse<ProfileProcess>(data.GetString(ProfileSchedule.ProcessKey)!);
        // A recovery fires under a trigger of its own; the result names the trigger of the run it finishes.
        var trigger = context.Recovering && context.RecoveringTriggerKey is { } original ? original : context.Trigger.Key;
        var firedBy = data.TryGetString(ProfileSchedule.RequestedByKey, out var requestedBy) && requestedBy is { Length: > 0 }
            ? $"run-now by {requestedBy}"
            : trigger.Name == ProfileSchedule.PublishTrigger ? ProfileSchedule.PublishTrigger : ProfileSchedule.DailyTrigger;
        if (context.Recovering)
        {
            await runner.RecoverAsync(profileId, process, firedBy, cancellationToken);
        }
        else
        {
            await runner.RunAsync(profileId, process, firedBy, cancellationToken);
        }
    }
}
