using System.Globalization;
using Microsoft.Extensions.Options;
using ProfileEngine.Templates;
using Quartz;

namespace ProfileEngine.Scheduling;

/// <summary>
/// A profile's jobs in Quartz: one durable job per process, keyed by profile id and process (so a rename never
/// orphans a job), named from templates/scheduled-job-name.sbn, requesting recovery (a run its node died in is fired
/// again). Triggers: the subscriptions job fires once at publish and then daily; the activity job daily, after it.
/// Misfires do nothing: a day of downtime does not replay runs.
/// </summary>
public sealed class ProfileSchedule(ISchedulerFactory schedulers, TemplateRenderer templates, IOptions<SchedulingOptions> options, TimeProvider clock)
{
    public const string JobGroup = "sam-profiles";
    public const string PublishTrigger = "publish";
    public const string DailyTrigger = "daily";

    /// <summary>Job data keys (stored as strings).</summary>
    public const string ProfileIdKey = "profileId";
    public const string ProcessKey = "process";
    public const string RequestedByKey = "requestedBy";

    private const int MaxJobNameLength = 300;

    /// <summary>
    /// Profile jobs stored by a release whose jobs did not request recovery get the flag (their triggers stay as they
    /// are), so after an upgrade a run whose node dies is fired again without waiting for the profile's next publish.
    /// Returns how many were changed.
    /// </summary>
    public static async Task<int> RequestRecoveryOfStoredJobsAsync(IScheduler scheduler, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scheduler);
        var changed = 0;
        foreach (var key in await scheduler.GetJobKeys(GroupMatcher<JobKey>.GroupEquals(JobGroup), cancellationToken))
        {
            if (await scheduler.GetJobDetail(key, cancellationToken) is { RequestsRecovery: false } job)
            {
                await scheduler.AddJob(job.GetJobBuilder().RequestRecovery().Build(), AddJobOptions.Replacing, cancellationToken);
                changed++;
            }
        }

        return changed;
    }

    public static JobKey KeyFor(Guid profileId, ProfileProcess process) =>
        new($"{profileId:N}.{process.ToString().ToLowerInvariant()}", JobGroup);

    public static string QuartzKeyFor(Guid profileId, ProfileProcess process) => KeyFor(profileId, process).ToString();

    /// <summary>The daily cron of a process, in the configured time zone.</summary>
    public string CronFor(ProfileProcess process) =>
        SchedulingOptions.DailyCron(process == ProfileProcess.Subscriptions ? options.Value.SubscriptionsTime : options.Value.ActivityTime);

    public string TimeZoneId => options.Value.Zone.Id;

    /// <summary>"SAM - Refresh &lt;display name&gt; &lt;process&gt;", rendered from the template.</summary>
    public async Task<string> RenderNameAsync(string displayName, ProfileProcess process, CancellationToken cancellationToken)
    {
        var rendered = await templates.RenderAsync(
            TemplateRenderer.ScheduledJobName,
            new Dictionary<string, string>(StringComparer.Ordinal) { ["display_name"] = displayName, ["process"] = process.ToString() },
            cancellationToken);
        var name = string.Join(' ', rendered.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (name.Length == 0)
        {
            throw new TemplateException($"The template {TemplateRenderer.ScheduledJobName} rendered an empty job name for '{displayName}'.");
        }

        return name.Length <= MaxJobNameLength
            ? name
            : throw new TemplateException($"The template {TemplateRenderer.ScheduledJobName} rendered a job name longer than {MaxJobNameLength} characters.");
    }

    /// <summary>
    /// Creates or replaces the job of <paramref name="process"/> with its daily trigger and, when
    /// <paramref name="fireNow"/>, a one-shot trigger due now.
    /// </summary>
    public async Task ScheduleAsync(Guid profileId, ProfileProcess process, string name, bool fireNow, CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var key = KeyFor(profileId, process);
        var job = JobBuilder.Create<ProfileRefreshJob>()
            .WithIdentity(key)
            .WithDescription(name)
            .UsingJobData(ProfileIdKey, profileId.ToString())
            .UsingJobData(ProcessKey, process.ToString())
            .StoreDurably()
            .RequestRecovery()
            .Build();
        var now = clock.GetUtcNow();
        var triggers = new List<ITrigger>
        {
            TriggerBuilder.Create(clock)
                .WithIdentity(DailyTrigger, key.Name)
                .ForJob(key)
                .WithDescription(string.Create(CultureInfo.InvariantCulture, $"{name}: daily"))
                .StartAt(now)
                .WithCronSchedule(CronFor(process), cron => cron
                    .InTimeZone(options.Value.Zone)
                    .WithMisfireInstruction(CronTriggerMisfireInstruction.DoNothing))
                .Build(),
        };
        if (fireNow)
        {
            triggers.Add(TriggerBuilder.Create(clock)
                .WithIdentity(PublishTrigger, key.Name)
                .ForJob(key)
                .WithDescription($"{name}: once at publish")
                .StartAt(now)
                .WithSimpleSchedule(simple => simple
                    .WithRepeatCount(0)
                    .WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount))
                .Build());
        }

        // Replacing the job drops triggers the new set does not name (e.g. a publish trigger of an earlier publish).
        if (await scheduler.Exists(key, cancellationToken))
        {
            await scheduler.DeleteJob(key, cancellationToken);
        }

        await scheduler.ScheduleJob(job, triggers, ScheduleJobOptions.Replacing, cancellationToken);
    }

    /// <summary>Gives an existing job a new name; its triggers stay as they are.</summary>
    public async Task RenameAsync(Guid profileId, ProfileProcess process, string name, CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var key = KeyFor(profileId, process);
        var existing = await scheduler.GetJobDetail(key, cancellationToken);
        if (existing is null)
        {
            return;
        }

        var renamed = existing.GetJobBuilder().WithDescription(name).Build();
        await scheduler.AddJob(renamed, AddJobOptions.Replacing, cancellationToken);
    }

    /// <summary>Deletes the job and its triggers; true when there was one.</summary>
    public async Task<bool> DeleteAsync(Guid profileId, ProfileProcess process, CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        return await scheduler.DeleteJob(KeyFor(profileId, process), cancellationToken);
    }

    public async Task<bool> ExistsAsync(Guid profileId, ProfileProcess process, CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        return await scheduler.Exists(KeyFor(profileId, process), cancellationToken);
    }

    /// <summary>Fires the job now (an operator's run-now); false when the job does not exist.</summary>
    public async Task<bool> RunNowAsync(Guid profileId, ProfileProcess process, string requestedBy, CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var key = KeyFor(profileId, process);
        if (!await scheduler.Exists(key, cancellationToken))
        {
            return false;
        }

        await scheduler.TriggerJob(key, new JobDataMap { [RequestedByKey] = requestedBy }, cancellationToken);
        return true;
    }
}
