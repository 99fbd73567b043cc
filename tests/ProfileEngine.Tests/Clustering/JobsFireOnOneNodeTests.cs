using Microsoft.EntityFrameworkCore;
using ProfileEngine.Profiles;
using ProfileEngine.Scheduling;
using ProfileEngine.Tests.Profiles;
using ProfileEngine.Tests.Scheduling;
using ProfileEngine.Workflows.Persistence;
using Quartz;

namespace ProfileEngine.Tests.Clustering;

/// <summary>Two live nodes share one schedule: every firing of every profile job runs once, on one of them.</summary>
public sealed class JobsFireOnOneNodeTests
{
    /// <summary>A few minutes before the daily run, so the test reaches it by moving the clock a little.</summary>
    private static readonly DateTimeOffset BeforeTheDailyRun = new(2026, 3, 3, 1, 58, 0, TimeSpan.Zero);

    [Fact]
    public async Task Publish_run_now_and_daily_firings_from_either_node_each_run_once_with_one_result_and_one_instance()
    {
        // While both nodes live the clock moves a minute or two at a time: far less than the failure threshold.
        await using var org = await ClusterOrg.StartAsync(
            checkinMisfireThreshold: TimeSpan.FromMinutes(10),
            start: BeforeTheDailyRun,
            settings: new Dictionary<string, string?> { ["ProfileEngine:Scheduling:ActivityAfterSubscriptions"] = "00:01:00" });
        await TestSubflows.ImportAllAsync(org.A);
        await org.ConnectAsync();
        var nodeB = await org.StartNodeBAsync();
        var runs = new JobRuns();
        var schedulers = new[] { await org.A.SchedulerAsync(), await nodeB.SchedulerAsync() };
        foreach (var scheduler in schedulers)
        {
            scheduler.ListenerManager.AddJobListener(runs, [GroupMatcher<JobKey>.GroupEquals(ProfileSchedule.JobGroup)]);
            await scheduler.Start();
        }

        // Profiles published through either node: each publish trigger fires at once.
        var profiles = new List<ProfileView>();
        foreach (var (node, name) in new[] { (org.A, "Acme 1"), (nodeB, "Acme 2"), (org.A, "Acme 3") })
        {
            profiles.Add(await ClusterOrg.PublishAsync(node, new CreateProfile(name)));
        }

        var finished = await NextRunsAsync(runs, 3);

        // Run-now asked of either node.
        foreach (var (profile, node) in profiles.Zip([nodeB, org.A, nodeB]))
        {
            await node.SendAsync(s => s.Send(new RunProfileJobNow(profile.Id, ProfileProcess.Activity)));
        }

        finished.AddRange(await NextRunsAsync(runs, 3));

        // The daily triggers both nodes know about: subscriptions at 02:00, activity a minute later.
        org.Clock.Advance(TimeSpan.FromMinutes(2));
        finished.AddRange(await NextRunsAsync(runs, 3));
        org.Clock.Advance(TimeSpan.FromMinutes(1));
        finished.AddRange(await NextRunsAsync(runs, 3));

        Assert.Equal(12, finished.Select(r => (r.JobDetail.Key, r.Trigger.Key, r.ScheduledFireTimeUtc)).Distinct().Count());
        Assert.All(finished, r => Assert.Contains(r.Scheduler.SchedulerInstanceId, new[] { ClusterOrg.NodeA, ClusterOrg.NodeB }));
        var expected = profiles
            .SelectMany(p => new[]
            {
                (p.Id, ProfileProcess.Subscriptions, ProfileSchedule.PublishTrigger),
                (p.Id, ProfileProcess.Subscriptions, ProfileSchedule.DailyTrigger),
                (p.Id, ProfileProcess.Activity, "run-now by local-operator"),
                (p.Id, ProfileProcess.Activity, ProfileSchedule.DailyTrigger),
            })
            .Order()
            .ToList();
        var results = await org.JobResultsAsync();
        Assert.Equal(expected, results.Select(r => (r.ProfileId, r.Process, r.FiredBy)).Order());
        Assert.All(results, r => Assert.Equal(JobOutcome.Succeeded, r.Outcome));
        var instances = await nodeB.QueryDbAsync(db => db.Set<WorkflowInstanceRecord>().AsNoTracking().ToListAsync());
        Assert.Equal(results.Select(r => r.WorkflowInstanceId).Order(), instances.Select(i => i.Id).Order());
        Assert.All(instances, i => Assert.Equal(WorkflowStatus.Finished, i.Status));
        Assert.False(runs.TryNext(out var extra), $"no firing ran a second time, yet {extra?.JobDetail.Key} ran again");
    }

    private static async Task<List<IJobExecutionContext>> NextRunsAsync(JobRuns runs, int count)
    {
        var next = new List<IJobExecutionContext>();
        for (var i = 0; i < count; i++)
        {
            next.Add(await runs.NextAsync(_ => true));
        }

        return next;
    }
}
