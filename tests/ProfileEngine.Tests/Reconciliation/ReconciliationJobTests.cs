using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ProfileEngine.Messaging;
using ProfileEngine.Reconciliation;
using ProfileEngine.Scheduling;
using ProfileEngine.Tests.Scheduling;
using ProfileEngine.Tests.Support;
using Quartz;

namespace ProfileEngine.Tests.Reconciliation;

public sealed class ReconciliationJobTests
{
    [Fact]
    public async Task Startup_schedules_the_weekly_global_job_by_name_and_when_it_fires_it_stores_a_reconciliation_by_the_system()
    {
        await using var engine = await EngineHarness.StartAsync();
        var data = new MoneyData(engine);
        var calling = await data.ModelAsync("Calling Professional", listPrice: 100m);
        await data.SubscriptionsAsync(Guid.NewGuid(), calling, 3);

        // What the host runs at startup (the harness starts no hosted services).
        await ActivatorUtilities.CreateInstance<EngineJobsStartup>(engine.Services).StartAsync(CancellationToken.None);

        var scheduler = await engine.SchedulerAsync();
        var job = await scheduler.GetJobDetail(ReconciliationJob.Key);
        Assert.Equal("SAM - Reconciliation", job!.Description);
        Assert.True(job.ConcurrentExecutionDisallowed);
        var header = Assert.Single((await scheduler.QueryTriggers(new TriggerQuery { Job = ReconciliationJob.Key })).Items);
        var trigger = (ICronTrigger)(await scheduler.GetTrigger(header.Key))!;
        Assert.Equal("0 0 4 ? * SUN", trigger.CronExpressionString);
        Assert.Equal(CronTriggerMisfireInstruction.DoNothing, trigger.MisfireInstruction);
        Assert.Equal(TimeZoneInfo.Utc.Id, trigger.TimeZone.Id);
        // Monday 2 March 2026 09:00: the next run is Sunday 8 March at 04:00.
        Assert.Equal(new DateTimeOffset(2026, 3, 8, 4, 0, 0, TimeSpan.Zero), header.NextFireTimeUtc);

        var runs = await JobRuns.ListenAsync(scheduler);
        await scheduler.Start();
        await scheduler.TriggerJob(ReconciliationJob.Key);
        var run = await runs.NextAsync(r => r.JobDetail.Key.Equals(ReconciliationJob.Key));

        Assert.Null(run.Result);
        var stored = await engine.QueryDbAsync(db => db.Set<ReconciliationRun>().Include(r => r.Models).SingleAsync());
        Assert.Equal((CurrentOperator.System, ReconciliationTrigger.Weekly), (stored.RunBy, stored.Trigger));
        Assert.Equal([(calling, 3, 300m)], stored.Models.Select(m => (m.ModelId, m.RightsUsed, m.TrueUpCost)));
    }
}
