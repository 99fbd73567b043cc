using Microsoft.EntityFrameworkCore;
using ProfileEngine.Connectors.Webex;
using ProfileEngine.Profiles;
using ProfileEngine.Scheduling;
using ProfileEngine.Tests.Connections;
using ProfileEngine.Tests.Profiles;
using ProfileEngine.Tests.Support;
using Quartz;

namespace ProfileEngine.Tests.Scheduling;

/// <summary>
/// Publishing and its Quartz jobs, on Quartz's persistent SQLite store in the data folder, with the scheduler's
/// clock the engine's fake one.
/// </summary>
public sealed class ProfileJobTests
{
    private static readonly DateTimeOffset Tomorrow = EngineHarness.Start.Date.AddDays(1);

    [Fact]
    public async Task Publish_creates_the_subscriptions_and_activity_jobs_with_their_names_and_triggers()
    {
        await using var org = await PublishedOrg.StartAsync();

        var published = await org.PublishAsync(new CreateProfile("Acme"));

        Assert.Equal("Published", published.Status);
        Assert.Equal(EngineHarness.Start, published.PublishedAt);
        var scheduler = await org.Engine.SchedulerAsync();
        var jobs = await ProfileJobsAsync(scheduler);
        Assert.Equal(
            [("SAM - Refresh Acme Activity", ProfileSchedule.KeyFor(published.Id, ProfileProcess.Activity)),
             ("SAM - Refresh Acme Subscriptions", ProfileSchedule.KeyFor(published.Id, ProfileProcess.Subscriptions))],
            jobs.Select(j => (j.Description!, j.Key)).OrderBy(j => j.Item1));
        Assert.All(jobs, j => Assert.True(j.ConcurrentExecutionDisallowed, "one run at a time per job"));

        var subscriptions = await TriggersAsync(scheduler, ProfileSchedule.KeyFor(published.Id, ProfileProcess.Subscriptions));
        Assert.Equal(
            [(ProfileSchedule.DailyTrigger, "CRON", Tomorrow.AddHours(2)), (ProfileSchedule.PublishTrigger, "SIMPLE", EngineHarness.Start)],
            subscriptions.Select(t => (t.Key.Name, t.TriggerType, t.NextFireTimeUtc!.Value)));
        var activity = await TriggersAsync(scheduler, ProfileSchedule.KeyFor(published.Id, ProfileProcess.Activity));
        Assert.Equal([(ProfileSchedule.DailyTrigger, "CRON", Tomorrow.AddHours(3))], activity.Select(t => (t.Key.Name, t.TriggerType, t.NextFireTimeUtc!.Value)));

        var daily = (ICronTrigger)(await scheduler.GetTrigger(subscriptions[0].Key))!;
        Assert.Equal("0 0 2 * * ?", daily.CronExpressionString);
        Assert.Equal(TimeZoneInfo.Utc.Id, daily.TimeZone.Id);
        Assert.Equal(CronTriggerMisfireInstruction.DoNothing, daily.MisfireInstruction);
        var detail = await scheduler.GetJobDetail(ProfileSchedule.KeyFor(published.Id, ProfileProcess.Subscriptions));
        Assert.Equal(published.Id.ToString(), detail!.JobDataMap.GetString(ProfileSchedule.ProfileIdKey));
        Assert.True(detail.RequestsRecovery, "a run whose node dies is fired again (by another node of a cluster, or at the next start)");

        // The engine's own record of the jobs and the profile's first reclamation rule, each with its audit row in the publish's transaction.
        Assert.Equal(["SAM - Refresh Acme Subscriptions", "SAM - Refresh Acme Activity"], published.ScheduledJobs.Select(j => j.Name));
        var audit = await org.Engine.QueryDbAsync(db => db.AuditEntries.Where(a => a.Action == nameof(PublishProfile)).ToListAsync());
        Assert.Equal(
            [(nameof(IntegrationProfile), "Modified"), (nameof(ProfileJob), "Added"), (nameof(ProfileJob), "Added"), ("ReclamationRule", "Added")],
            audit.Select(a => (a.EntityType, a.Change)).OrderBy(a => a.EntityType, StringComparer.Ordinal).ThenBy(a => a.Change, StringComparer.Ordinal));
    }

    [Fact]
    public async Task Jobs_stored_before_they_requested_recovery_get_the_flag_at_start_and_keep_their_triggers()
    {
        await using var org = await PublishedOrg.StartAsync();
        var published = await org.PublishAsync(new CreateProfile("Acme"));
        var scheduler = await org.Engine.SchedulerAsync();
        var key = ProfileSchedule.KeyFor(published.Id, ProfileProcess.Subscriptions);
        var stored = (await scheduler.GetJobDetail(key))!;
        // As the release before stored it.
        await scheduler.AddJob(stored.GetJobBuilder().RequestRecovery(false).Build(), AddJobOptions.Replacing);
        var triggersBefore = (await TriggersAsync(scheduler, key)).Select(t => (t.Key.Name, t.NextFireTimeUtc)).ToList();

        var changed = await ProfileSchedule.RequestRecoveryOfStoredJobsAsync(scheduler, CancellationToken.None);
        var again = await ProfileSchedule.RequestRecoveryOfStoredJobsAsync(scheduler, CancellationToken.None);

        Assert.Equal(1, changed);
        Assert.Equal(0, again);
        Assert.True((await scheduler.GetJobDetail(key))!.RequestsRecovery);
        Assert.Equal(triggersBefore, (await TriggersAsync(scheduler, key)).Select(t => (t.Key.Name, t.NextFireTimeUtc)));
    }

    [Fact]
    public async Task Without_download_activity_publish_creates_only_the_subscriptions_job()
    {
        await using var org = await PublishedOrg.StartAsync();

        var published = await org.PublishAsync(new CreateProfile("Acme", DownloadActivity: false));

        var jobs = await ProfileJobsAsync(await org.Engine.SchedulerAsync());
        Assert.Equal(["SAM - Refresh Acme Subscriptions"], jobs.Select(j => j.Description));
        Assert.Equal(["SAM - Refresh Acme Subscriptions"], published.ScheduledJobs.Select(j => j.Name));
    }

    [Fact]
    public async Task The_job_names_come_from_the_template_in_the_templates_folder()
    {
        using var templates = new TempDataFolder();
        await File.WriteAllTextAsync(templates.File("scheduled-job-name.sbn"), "Nightly {{ process | string.downcase }} refresh of {{ display_name }}");
        await using var org = await ConnectedOrg.StartAsync();
        await using var engine = await EngineHarness.StartAsync(
            settings: new Dictionary<string, string?> { ["ProfileEngine:Templates:Folder"] = templates.Path }, clock: org.Engine.Clock, data: org.Engine.Data);
        await TestSubflows.ImportAllAsync(engine);
        await org.ConnectAsync();
        var profile = await engine.SendAsync(s => s.Send(new CreateProfile("Acme")));
        var validated = await engine.SendAsync(s => s.Send(new ValidateProfileConnection(profile.Id)));

        var published = await engine.SendAsync(s => s.Send(new PublishProfile(profile.Id, validated.Version, Confirm: true)));

        Assert.Equal(["Nightly subscriptions refresh of Acme", "Nightly activity refresh of Acme"], published.ScheduledJobs.Select(j => j.Name));
    }

    [Fact]
    public async Task A_template_with_an_unknown_value_refuses_the_publish_with_the_file_and_place()
    {
        using var templates = new TempDataFolder();
        await File.WriteAllTextAsync(templates.File("scheduled-job-name.sbn"), "SAM - Refresh {{ profile_name }}");
        await using var org = await ConnectedOrg.StartAsync();
        await using var engine = await EngineHarness.StartAsync(
            settings: new Dictionary<string, string?> { ["ProfileEngine:Templates:Folder"] = templates.Path }, clock: org.Engine.Clock, data: org.Engine.Data);
        await TestSubflows.ImportAllAsync(engine);
        await org.ConnectAsync();
        var profile = await engine.SendAsync(s => s.Send(new CreateProfile("Acme")));
        var validated = await engine.SendAsync(s => s.Send(new ValidateProfileConnection(profile.Id)));

        var error = await Assert.ThrowsAsync<ProfileEngine.Templates.TemplateException>(() =>
            engine.SendAsync(s => s.Send(new PublishProfile(profile.Id, validated.Version, Confirm: true))));

        Assert.Contains("scheduled-job-name.sbn", error.Message, StringComparison.Ordinal);
        Assert.Contains("profile_name", error.Message, StringComparison.Ordinal);
        Assert.Equal("Draft", (await engine.SendAsync(s => s.Send(new GetProfile(profile.Id)))).Status);
        Assert.Empty(await ProfileJobsAsync(await engine.SchedulerAsync()));
    }

    [Fact]
    public async Task When_the_scheduler_refuses_the_jobs_the_profile_stays_draft_without_job_records()
    {
        await using var org = await PublishedOrg.StartAsync();
        await org.ConnectAsync();
        var profile = await org.Engine.SendAsync(s => s.Send(new CreateProfile("Acme")));
        var validated = await org.Engine.SendAsync(s => s.Send(new ValidateProfileConnection(profile.Id)));
        await (await org.Engine.SchedulerAsync()).Shutdown(waitForJobsToComplete: true);

        await Assert.ThrowsAnyAsync<SchedulerException>(() =>
            org.Engine.SendAsync(s => s.Send(new PublishProfile(profile.Id, validated.Version, Confirm: true))));

        var after = await org.Engine.SendAsync(s => s.Send(new GetProfile(profile.Id)));
        Assert.Equal("Draft", after.Status);
        Assert.Null(after.PublishedAt);
        Assert.Empty(after.ScheduledJobs);
        Assert.True(after.LastValidation!.IsCurrent, "the validation still holds; publishing again needs no new one");
    }

    [Fact]
    public async Task Clearing_download_activity_on_a_published_profile_puts_it_back_to_draft_and_deletes_the_activity_job()
    {
        await using var org = await PublishedOrg.StartAsync();
        var published = await org.PublishAsync(new CreateProfile("Acme"));
        await org.ConnectAsync(ProfileEngine.Connectors.Webex.WebexAliases.SubscriptionReclaim);

        var cleared = await org.Engine.SendAsync(s => s.Send(ProfileRulesTests.Update(published) with { DownloadActivity = false }));

        Assert.Equal("Draft", cleared.Status);
        Assert.False(cleared.LastValidation!.IsCurrent);
        Assert.Equal(["SAM - Refresh Acme Subscriptions"], cleared.ScheduledJobs.Select(j => j.Name));
        var scheduler = await org.Engine.SchedulerAsync();
        Assert.Equal(["SAM - Refresh Acme Subscriptions"], (await ProfileJobsAsync(scheduler)).Select(j => j.Description));
        Assert.False(await scheduler.Exists(ProfileSchedule.KeyFor(published.Id, ProfileProcess.Activity)));
        var deleted = await org.Engine.QueryDbAsync(db => db.AuditEntries.SingleAsync(a => a.EntityType == nameof(ProfileJob) && a.Change == "Deleted"));
        Assert.Equal(nameof(UpdateProfile), deleted.Action);
        Assert.Contains("SAM - Refresh Acme Activity", deleted.Before!, StringComparison.Ordinal);

        // It must be validated and published again.
        var refused = await Assert.ThrowsAsync<ProfileEngine.Messaging.RequestValidationException>(() =>
            org.Engine.SendAsync(s => s.Send(new PublishProfile(published.Id, cleared.Version, Confirm: true))));
        Assert.Contains("changed since the last Validate Connection", refused.Errors["ProfileId"].Single(), StringComparison.Ordinal);
        var republished = await org.RepublishAsync(published.Id);
        Assert.Equal("Published", republished.Status);
        Assert.Equal(["SAM - Refresh Acme Subscriptions"], (await ProfileJobsAsync(scheduler)).Select(j => j.Description));
    }

    [Fact]
    public async Task Changing_a_subflow_binding_of_a_published_profile_puts_it_back_to_draft_and_deletes_the_activity_job()
    {
        await using var org = await PublishedOrg.StartAsync();
        var published = await org.PublishAsync(new CreateProfile("Acme"));

        var rebound = await org.Engine.SendAsync(s => s.Send(ProfileRulesTests.Update(published) with { DownloadSubflow = TestSubflows.CustomDownload }));

        Assert.Equal("Draft", rebound.Status);
        Assert.Equal(["SAM - Refresh Acme Subscriptions"], (await ProfileJobsAsync(await org.Engine.SchedulerAsync())).Select(j => j.Description));
        Assert.False(rebound.LastValidation!.IsCurrent);
    }

    [Fact]
    public async Task Renaming_a_published_profile_renames_its_jobs_and_keeps_it_published()
    {
        await using var org = await PublishedOrg.StartAsync();
        var published = await org.PublishAsync(new CreateProfile("Acme"));
        var scheduler = await org.Engine.SchedulerAsync();
        var before = await TriggersAsync(scheduler, ProfileSchedule.KeyFor(published.Id, ProfileProcess.Subscriptions));

        var renamed = await org.Engine.SendAsync(s => s.Send(ProfileRulesTests.Update(published) with { DisplayName = "Acme EMEA" }));

        Assert.Equal("Published", renamed.Status);
        Assert.Equal(["SAM - Refresh Acme EMEA Activity", "SAM - Refresh Acme EMEA Subscriptions"], (await ProfileJobsAsync(scheduler)).Select(j => j.Description).Order());
        Assert.Equal(before.Select(t => (t.Key, t.NextFireTimeUtc)), (await TriggersAsync(scheduler, ProfileSchedule.KeyFor(published.Id, ProfileProcess.Subscriptions))).Select(t => (t.Key, t.NextFireTimeUtc)));
    }

    [Fact]
    public async Task The_jobs_survive_a_restart_of_the_engine()
    {
        await using var org = await PublishedOrg.StartAsync();
        var published = await org.PublishAsync(new CreateProfile("Acme"));
        var first = await org.Engine.SchedulerAsync();
        var expected = await TriggerSummaryAsync(first, published.Id);
        await first.Shutdown(waitForJobsToComplete: true);

        // A second engine, with a scheduler of its own, on the same data folder (and Quartz file).
        await using var restarted = await EngineHarness.StartAsync(clock: org.Engine.Clock, data: org.Engine.Data);
        var second = await restarted.SchedulerAsync();

        Assert.NotSame(first, second);
        Assert.Equal(
            ["SAM - Refresh Acme Activity", "SAM - Refresh Acme Subscriptions"],
            (await ProfileJobsAsync(second)).Select(j => j.Description).Order());
        Assert.Equal(expected, await TriggerSummaryAsync(second, published.Id));
        // On SQLite the schedule has its own file; on PostgreSQL it lives in the engine's database.
        Assert.Equal(
            org.Engine.Data.Provider == ProfileEngine.Persistence.DatabaseProvider.Sqlite,
            File.Exists(org.Engine.Data.File(SchedulingServiceCollectionExtensions.QuartzFileName)));
    }

    [Fact]
    public async Task Days_of_downtime_do_not_replay_missed_runs()
    {
        await using var org = await PublishedOrg.StartAsync();
        var published = await org.PublishAsync(new CreateProfile("Acme"));
        await (await org.Engine.SchedulerAsync()).Shutdown(waitForJobsToComplete: true);

        // Three days later the engine starts again: the daily triggers skip to their next time, the publish trigger
        // that never fired is not replayed.
        org.Engine.Clock.Advance(TimeSpan.FromDays(3));
        await using var restarted = await EngineHarness.StartAsync(clock: org.Engine.Clock, data: org.Engine.Data);
        var scheduler = await restarted.SchedulerAsync();
        await scheduler.Start();

        var now = org.Engine.Clock.GetUtcNow();
        var subscriptions = await TriggersAsync(scheduler, ProfileSchedule.KeyFor(published.Id, ProfileProcess.Subscriptions));
        var activity = await TriggersAsync(scheduler, ProfileSchedule.KeyFor(published.Id, ProfileProcess.Activity));
        Assert.Equal([(ProfileSchedule.DailyTrigger, now.Date.AddDays(1).AddHours(2))], subscriptions.Select(t => (t.Key.Name, t.NextFireTimeUtc!.Value)));
        Assert.Equal([(ProfileSchedule.DailyTrigger, now.Date.AddDays(1).AddHours(3))], activity.Select(t => (t.Key.Name, t.NextFireTimeUtc!.Value)));
        Assert.Empty(await restarted.QueryDbAsync(db => db.ScheduledJobResults.ToListAsync()));
    }

    [Fact]
    public async Task Run_now_starts_the_bound_subflow_and_records_a_result_linked_to_the_finished_instance()
    {
        await using var org = await PublishedOrg.StartAsync();
        var published = await org.PublishAsync(new CreateProfile("Acme"));
        var scheduler = await org.Engine.SchedulerAsync();
        var runs = await JobRuns.ListenAsync(scheduler);
        await scheduler.Start();
        await runs.NextAsync(IsRunOf(published.Id, "publish"));

        await org.Engine.SendAsync(s => s.Send(new RunProfileJobNow(published.Id, ProfileProcess.Activity)));
        await runs.NextAsync(IsRunOf(published.Id, "run-now"));

        var results = await org.Engine.SendAsync(s => s.Send(new ListJobResults(published.Id)));
        var activity = Assert.Single(results, r => r.Process == "Activity");
        Assert.Equal(("Succeeded", WebexSubflows.Activity, "SAM - Refresh Acme Activity"), (activity.Outcome, activity.WorkflowDefinitionId, activity.JobName));
        Assert.Equal("""{"activityUpdated":3}""", activity.Counts);
        Assert.Null(activity.Error);
        var instance = await org.Engine.Get<ProfileEngine.Workflows.Runtime.IWorkflowRuntime>().GetAsync(activity.WorkflowInstanceId!);
        Assert.Equal(ProfileEngine.Workflows.Persistence.WorkflowStatus.Finished, instance!.Summary.Status);
        Assert.Equal(published.Id.ToString(), instance.Summary.CorrelationId);
        Assert.Contains(instance.Log, l => l.Message.Contains($"for profile {published.Id}", StringComparison.Ordinal));

        var download = Assert.Single(results, r => r.Process == "Subscriptions");
        Assert.Equal(("publish", "Succeeded"), (download.FiredBy, download.Outcome));
        Assert.Null((await org.Engine.SendAsync(s => s.Send(new GetProfile(published.Id)))).LastError);
    }

    [Fact]
    public async Task A_subflow_that_faults_is_recorded_as_failed_with_its_error_on_the_profile()
    {
        await using var org = await PublishedOrg.StartAsync();
        var published = await org.PublishAsync(new CreateProfile("Acme", DownloadActivity: false, DownloadSubflow: TestSubflows.Faulting));
        var scheduler = await org.Engine.SchedulerAsync();
        var runs = await JobRuns.ListenAsync(scheduler);

        await scheduler.Start();
        await runs.NextAsync(IsRunOf(published.Id, "publish"));

        var profile = await org.Engine.SendAsync(s => s.Send(new GetProfile(published.Id)));
        Assert.Equal("Failed", profile.LastRun!.Outcome);
        Assert.NotNull(profile.LastRun.WorkflowInstanceId);
        Assert.Contains("the vendor is down", profile.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deleting_a_profile_removes_its_jobs_and_keeps_its_job_results()
    {
        await using var org = await PublishedOrg.StartAsync();
        var published = await org.PublishAsync(new CreateProfile("Acme"));
        var scheduler = await org.Engine.SchedulerAsync();
        var runs = await JobRuns.ListenAsync(scheduler);
        var finalized = FinalizedTriggers.Listen(scheduler);
        await scheduler.Start();
        var publishRun = await runs.NextAsync(IsRunOf(published.Id, "publish"));
        // The job listener hears of the run before the store completes it; deleting meanwhile races that completion.
        await finalized.WaitForAsync(publishRun.Trigger.Key);

        var deleted = await org.Engine.SendAsync(s => s.Send(new DeleteProfile(published.Id, published.Version)));

        Assert.Equal(["SAM - Refresh Acme Subscriptions", "SAM - Refresh Acme Activity"], deleted.DeletedJobs);
        Assert.Empty(await ProfileJobsAsync(scheduler));
        Assert.Empty(await org.Engine.QueryDbAsync(db => db.ProfileJobs.ToListAsync()));
        Assert.Empty(await org.Engine.QueryDbAsync(db => db.IntegrationProfiles.ToListAsync()));
        Assert.Single(await org.Engine.SendAsync(s => s.Send(new ListJobResults(published.Id))));
        var audit = await org.Engine.QueryDbAsync(db => db.AuditEntries.Where(a => a.Action == nameof(DeleteProfile)).ToListAsync());
        Assert.Equal(3, audit.Count);
        Assert.All(audit, a => Assert.Equal("Deleted", a.Change));
        await Assert.ThrowsAsync<ProfileEngine.Messaging.RequestNotFoundException>(() => org.Engine.SendAsync(s => s.Send(new GetProfile(published.Id))));
    }

    [Fact]
    public async Task A_stale_delete_is_a_conflict_and_keeps_the_jobs()
    {
        await using var org = await PublishedOrg.StartAsync();
        var published = await org.PublishAsync(new CreateProfile("Acme"));
        await org.Engine.SendAsync(s => s.Send(new ValidateProfileConnection(published.Id)));

        await Assert.ThrowsAsync<ProfileEngine.Messaging.RequestConflictException>(() =>
            org.Engine.SendAsync(s => s.Send(new DeleteProfile(published.Id, published.Version))));

        Assert.Equal(2, (await ProfileJobsAsync(await org.Engine.SchedulerAsync())).Count);
    }

    [Fact]
    public async Task Run_now_of_a_job_the_profile_does_not_have_is_refused()
    {
        await using var org = await PublishedOrg.StartAsync();
        var published = await org.PublishAsync(new CreateProfile("Acme", DownloadActivity: false));

        var refused = await Assert.ThrowsAsync<ProfileEngine.Messaging.RequestValidationException>(() =>
            org.Engine.SendAsync(s => s.Send(new RunProfileJobNow(published.Id, ProfileProcess.Activity))));

        Assert.Contains("has no Activity job", refused.Errors["Process"].Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_workflow_timer_job_resumes_delays_that_are_due()
    {
        await using var org = await PublishedOrg.StartAsync();
        await org.Engine.ImportDefinitionAsync("""
            {
              "definitionId": "wait-five-minutes", "isPublished": true,
              "root": { "type": "Elsa.Sequence", "id": "Root", "activities": [
                { "id": "Wait", "type": "Elsa.Delay", "version": 1, "timeSpan": { "typeName": "TimeSpan", "expression": { "type": "Literal", "value": "00:05:00" } } },
                { "id": "Done", "type": "Elsa.WriteLine", "version": 1, "text": { "typeName": "String", "expression": { "type": "Literal", "value": "waited" } } }
              ] }
            }
            """);
        var runtime = org.Engine.Get<ProfileEngine.Workflows.Runtime.IWorkflowRuntime>();
        var started = await runtime.StartAsync("wait-five-minutes");
        Assert.Equal(ProfileEngine.Workflows.Persistence.WorkflowStatus.Suspended, started.Status);
        var scheduler = await org.Engine.SchedulerAsync();
        await WorkflowTimersJob.ScheduleAsync(scheduler, org.Engine.Clock, TimeSpan.FromMinutes(1), CancellationToken.None);
        var runs = await JobRuns.ListenAsync(scheduler);
        await scheduler.Start();

        // Minute by minute on the fake clock: the sweep runs every minute, and the one at five minutes resumes the delay.
        for (var minute = 0; minute <= 5; minute++)
        {
            var due = EngineHarness.Start.AddMinutes(minute);
            await runs.NextAsync(run => run.JobDetail.Key.Equals(WorkflowTimersJob.Key) && run.ScheduledFireTimeUtc == due);
            Assert.Equal(
                minute < 5 ? ProfileEngine.Workflows.Persistence.WorkflowStatus.Suspended : ProfileEngine.Workflows.Persistence.WorkflowStatus.Finished,
                (await runtime.GetAsync(started.InstanceId))!.Summary.Status);
            org.Engine.Clock.Advance(TimeSpan.FromMinutes(1));
        }

        Assert.Equal(ProfileEngine.Workflows.Persistence.WorkflowStatus.Finished, (await runtime.GetAsync(started.InstanceId))!.Summary.Status);
    }

    private static Func<IJobExecutionContext, bool> IsRunOf(Guid profileId, string firedBy) => run =>
        run.JobDetail.JobDataMap.GetString(ProfileSchedule.ProfileIdKey) == profileId.ToString()
        && (firedBy == "run-now"
            ? run.MergedJobDataMap.ContainsKey(ProfileSchedule.RequestedByKey)
            : run.Trigger.Key.Name == firedBy);

    private static async Task<IReadOnlyList<JobHeader>> ProfileJobsAsync(IScheduler scheduler) =>
        (await scheduler.QueryJobs(new JobQuery { Group = GroupMatcher<JobKey>.GroupEquals(ProfileSchedule.JobGroup) })).Items;

    private static async Task<IReadOnlyList<TriggerHeader>> TriggersAsync(IScheduler scheduler, JobKey job) =>
        (await scheduler.QueryTriggers(new TriggerQuery { Job = job })).Items;

    private static async Task<List<string>> TriggerSummaryAsync(IScheduler scheduler, Guid profileId)
    {
        var summary = new List<string>();
        foreach (var process in Enum.GetValues<ProfileProcess>())
        {
            summary.AddRange((await TriggersAsync(scheduler, ProfileSchedule.KeyFor(profileId, process)))
                .Select(t => $"{t.Key} {t.TriggerType} {t.NextFireTimeUtc:O} {t.State}"));
        }

        return summary;
    }
}
