using Quartz;

namespace ProfileEngine.Scheduling;

/// <summary>
/// "SAM - Refresh &lt;name&gt; Subscriptions|Activity": starts the profile's bound subflow and records the run
/// (<see cref="ProfileJobRunner"/>). One run at a time per job.
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
        var firedBy = data.TryGetString(ProfileSchedule.RequestedByKey, out var requestedBy) && requestedBy is { Length: > 0 }
            ? $"run-now by {requestedBy}"
            : context.Trigger.Key.Name == ProfileSchedule.PublishTrigger ? ProfileSchedule.PublishTrigger : ProfileSchedule.DailyTrigger;
        await runner.RunAsync(profileId, process, firedBy, cancellationToken);
    }
}
