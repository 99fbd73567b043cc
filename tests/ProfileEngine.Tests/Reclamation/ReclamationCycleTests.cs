using Microsoft.EntityFrameworkCore;
using ProfileEngine.Notifications;
using ProfileEngine.Reclamation;
using ProfileEngine.Reconciliation;
using ProfileEngine.Scheduling;
using ProfileEngine.Workflows.Persistence;
using ProfileEngine.Workflows.Runtime;

namespace ProfileEngine.Tests.Reclamation;

public sealed class ReclamationCycleTests
{
    [Fact]
    public async Task A_reviewer_finds_a_candidate_by_any_case_of_its_holders_email_on_either_store()
    {
        await using var org = await ReclaimOrg.StartAsync(new ReclamationRuleSettings("Unused Webex"));
        await org.RunActivityAsync();
        var candidate = (await org.CandidatesAsync())[0];
        var upn = candidate.UserPrincipalName!;

        var upper = await org.Engine.SendAsync(s => s.Send(new ListRemovalCandidates(org.ProfileId, User: upn.ToUpperInvariant())));
        var part = await org.Engine.SendAsync(s => s.Send(new ListRemovalCandidates(org.ProfileId, User: upn[..upn.IndexOf('@', StringComparison.Ordinal)])));
        var nobody = await org.Engine.SendAsync(s => s.Send(new ListRemovalCandidates(org.ProfileId, User: "no-such-holder@nowhere.example")));

        Assert.Contains(upper.Items, c => c.Id == candidate.Id);
        Assert.All(upper.Items, c => Assert.Equal(upn, c.UserPrincipalName, StringComparer.OrdinalIgnoreCase));
        Assert.Contains(part.Items, c => c.Id == candidate.Id);
        Assert.Empty(nobody.Items);
    }

    [Fact]
    public async Task A_second_flow_started_for_a_candidate_its_first_flow_drives_ends_at_once_and_leaves_the_candidate_with_the_first()
    {
        await using var org = await ReclaimOrg.StartAsync(new ReclamationRuleSettings("Unused Webex"));
        await org.RunActivityAsync();
        var candidate = (await org.CandidatesAsync()).First(c => c.State == CandidateState.Ready);
        var firstFlow = candidate.WorkflowInstanceId;

        // The start claims without reading; the claim refuses (the candidate has a flow), and the start runs again reading it.
        var second = await org.Engine.Get<CandidateFlows>().StartAsync(candidate.Id, CancellationToken.None);

        Assert.NotNull(firstFlow);
        Assert.Equal(WorkflowStatus.Finished, second.Status);
        Assert.Equal(firstFlow, (await org.CandidateAsync(candidate.Id)).WorkflowInstanceId);
        var log = (await org.Engine.Get<IWorkflowRuntime>().GetAsync(second.InstanceId))!.Log.Select(l => l.Message);
        Assert.Contains(log, m => m.Contains($"is driven by flow {firstFlow}", StringComparison.Ordinal));
        Assert.Equal(CandidateState.Ready, (await org.CandidateAsync(candidate.Id)).State);
    }

    [Fact]
    public async Task A_whole_cycle_notice_keep_rejected_reclaim_removes_the_license_at_the_simulator_and_counts_the_savings()
    {
        await using var org = await ReclaimOrg.StartAsync(new ReclamationRuleSettings("Unused Webex", NotifyUser: true, DaysBeforeAutoReclamation: 7));

        var evaluation = await org.RunActivityAsync();

        var candidates = await org.CandidatesAsync();
        Assert.NotEmpty(candidates);
        Assert.Equal(candidates.Count, evaluation["created"]!.GetValue<int>());
        Assert.Equal(candidates.Count, evaluation["flowsStarted"]!.GetValue<int>());
        Assert.All(candidates, c => Assert.Equal(CandidateState.Ready, c.State));
        Assert.All(candidates, c => Assert.NotNull(c.WorkflowInstanceId));
        Assert.All(candidates, c => Assert.Equal(ReclaimOrg.Price, c.PotentialSavings));
        var candidate = candidates[0];
        Assert.Equal("RC0001001", candidate.Number);
        Assert.True(org.Holds(candidate));

        // The reviewer approves: the holder is asked first.
        var decided = await org.DecideAsync(candidate, CandidateAction.Reclaim, note: "unused for months");
        Assert.Equal(CandidateState.AwaitingUser, decided.Candidate.State);
        Assert.NotNull(decided.Candidate.NoticeSentAt);
        Assert.Equal(EngineStart().AddDays(7), decided.Candidate.AnswerDueAt);

        // The holder answers Keep through the link in the Webex message.
        var token = org.LinkToken(candidate);
        var page = await org.Engine.SendAsync(s => s.Send(new GetHolderNotice(token)));
        Assert.Equal(NoticeStatus.Open, page.Status);
        var answered = await org.Engine.SendAsync(s => s.Send(new AnswerHolderNotice(token, HolderAnswer.Keep)));
        Assert.Equal(NoticeStatus.Recorded, answered.Status);
        Assert.Equal(CandidateState.AwaitingApproval, (await org.CandidateAsync(candidate.Id)).State);
        var again = await org.Engine.SendAsync(s => s.Send(new AnswerHolderNotice(token, HolderAnswer.Remove)));
        Assert.Equal(NoticeStatus.AlreadyAnswered, again.Status);

        // The reviewer rejects keeping it: the Reclaim subflow removes exactly that license.
        var rejected = await org.DecideAsync(candidate, CandidateAction.RejectKeep, note: "no business need");
        Assert.Equal(CandidateState.ClosedComplete, rejected.Candidate.State);
        Assert.False(org.Holds(candidate));
        Assert.Equal(1, org.RemovalCalls());
        Assert.Equal(ReclaimOrg.Price, rejected.Candidate.ActualSavings);
        Assert.Equal(
            ["Reclaim", "HolderKeep", "RejectKeep", "ReclaimSucceeded"],
            rejected.WorkNotes.Where(n => n.Action is not null).Select(n => n.Action!));
        var subscription = await org.Engine.QueryDbAsync(db => db.SoftwareSubscriptions.SingleAsync(s => s.Id == candidate.SubscriptionId));
        Assert.False(subscription.Active);
        Assert.NotNull(subscription.ReclaimedAt);

        // The next download agrees: the license is gone at the vendor, the other candidates are untouched.
        await org.Org.RunAsync();
        Assert.False((await org.Engine.QueryDbAsync(db => db.SoftwareSubscriptions.SingleAsync(s => s.Id == candidate.SubscriptionId))).Active);
        Assert.All((await org.CandidatesAsync()).Skip(1), c => Assert.Equal(CandidateState.Ready, c.State));

        // Savings counted: the reclaimed license in actual savings, the open candidates in potential savings.
        var reconciliation = await org.Engine.SendAsync(s => s.Send(new Reconcile()));
        var totals = Assert.Single(reconciliation.Totals);
        Assert.Equal("EUR", totals.Currency);
        Assert.Equal(ReclaimOrg.Price, totals.ActualSavingsYtd);
        Assert.Equal(ReclaimOrg.Price, totals.ActualSavingsCumulative);
        Assert.Equal((candidates.Count - 1) * ReclaimOrg.Price, totals.PotentialSavings);
    }

    private static DateTimeOffset EngineStart() => Support.EngineHarness.Start;
}
