using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ProfileEngine.Connections;
using ProfileEngine.Profiles;
using ProfileEngine.Reclamation;
using Quartz;
using ProfileEngine.Connectors.Webex;

namespace ProfileEngine.Tests.Reclamation;

/// <summary>A subscription gone from the vendor closes its open candidate: at the download, and by the weekly job.</summary>
public sealed class GoneSubscriptionTests
{
    [Fact]
    public async Task A_full_download_that_no_longer_finds_the_license_closes_Ready_as_Skipped_and_Awaiting_Revocation_as_Complete()
    {
        await using var org = await ReclaimOrg.StartAsync();
        await org.Org.ConnectAliasAsync(WebexAliases.SubscriptionActivity);
        var profile = await org.Engine.SendAsync(s => s.Send(new GetProfile(org.ProfileId)));
        await org.Engine.SendAsync(s => s.Send(new UpdateProfile(org.ProfileId, profile.Version, profile.DisplayName, true, true, false, profile.AnalyzeUserActivityFrom)));
        await org.RunActivityAsync();
        var candidates = await org.CandidatesAsync();
        var (ready, waiting) = (candidates[0], candidates[1]);
        await org.DecideAsync(waiting, CandidateAction.Reclaim);
        Assert.Equal(CandidateState.AwaitingRevocation, (await org.CandidateAsync(waiting.Id)).State);

        org.RemoveAtVendor(ready);
        org.RemoveAtVendor(waiting);
        await org.Org.RunAsync();

        Assert.Equal(CandidateState.ClosedSkipped, (await org.CandidateAsync(ready.Id)).State);
        var complete = await org.CandidateAsync(waiting.Id);
        Assert.Equal(CandidateState.ClosedComplete, complete.State);
        Assert.Equal(ReclaimOrg.Price, complete.ActualSavings);
        Assert.All((await org.CandidatesAsync()).Skip(2), c => Assert.Equal(CandidateState.Ready, c.State));
        Assert.Equal(0, org.RemovalCalls());
    }

    [Fact]
    public async Task The_weekly_job_is_scheduled_under_ServiceNows_name_and_closes_candidates_whose_subscription_is_gone()
    {
        await using var org = await ReclaimOrg.StartAsync();
        await org.RunActivityAsync();
        var (candidate, leftWaiting) = ((await org.CandidatesAsync())[0], (await org.CandidatesAsync())[1]);
        await org.Engine.QueryDbAsync(db => db.SoftwareSubscriptions.Where(s => s.Id == candidate.SubscriptionId)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.Active, false)));
        // A candidate closed while its flow could not be cancelled (as after a failure at that moment).
        await org.Engine.QueryDbAsync(db => db.RemovalCandidates.Where(c => c.Id == leftWaiting.Id)
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.State, CandidateState.ClosedSkipped).SetProperty(c => c.OpenSubscriptionId, (long?)null)));

        var closed = await org.Engine.Get<UpdateExistingCandidatesJob>().RunAsync(CancellationToken.None);

        Assert.Equal(1, closed);
        Assert.Equal(CandidateState.ClosedSkipped, (await org.CandidateAsync(candidate.Id)).State);
        var runtime = org.Engine.Get<ProfileEngine.Workflows.Runtime.IWorkflowRuntime>();
        Assert.Equal(ProfileEngine.Workflows.Persistence.WorkflowStatus.Cancelled, (await runtime.GetAsync(candidate.WorkflowInstanceId!))!.Summary.Status);
        Assert.Equal(ProfileEngine.Workflows.Persistence.WorkflowStatus.Cancelled, (await runtime.GetAsync(leftWaiting.WorkflowInstanceId!))!.Summary.Status);
        var scheduler = await org.Engine.SchedulerAsync();
        await new ReclamationJobsStartup(org.Engine.Get<ISchedulerFactory>(), org.Org.Clock, org.Engine.Get<IOptions<ReclamationOptions>>()).StartAsync(CancellationToken.None);

        var trigger = Assert.IsType<ICronTrigger>(Assert.Single(await scheduler.GetTriggersOfJob(UpdateExistingCandidatesJob.Key)), exactMatch: false);
        Assert.Equal("0 0 3 ? * SUN", trigger.CronExpressionString);
        Assert.Equal(UpdateExistingCandidatesJob.JobName, (await scheduler.GetJobDetail(UpdateExistingCandidatesJob.Key))!.Description);
    }
}
