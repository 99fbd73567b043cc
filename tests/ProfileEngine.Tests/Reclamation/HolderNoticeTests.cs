using ProfileEngine.Notifications;
using ProfileEngine.Reclamation;
using ProfileEngine.Workflows.Runtime;

namespace ProfileEngine.Tests.Reclamation;

/// <summary>The holder's notice, the answer through its link, reminders and auto-reclamation at the deadline.</summary>
public sealed class HolderNoticeTests
{
    private static readonly ReclamationRuleSettings Notify = new("Ask first", NotifyUser: true, DaysBeforeAutoReclamation: 7, ReminderDaysBeforeDeadline: 2);

    [Fact]
    public async Task Without_an_answer_a_reminder_goes_out_before_the_deadline_and_the_license_is_reclaimed_at_it()
    {
        await using var org = await ReclaimOrg.StartAsync(Notify);
        await org.RunActivityAsync();
        var candidate = (await org.CandidatesAsync())[0];
        await org.DecideAsync(candidate, CandidateAction.Reclaim);
        var runtime = org.Engine.Get<IWorkflowRuntime>();
        var notice = Assert.Single(org.Sim.State.Messages(), m => m.ToPersonId == candidate.ExternalUserId);
        Assert.Contains(candidate.ModelName!, notice.Markdown, StringComparison.Ordinal);
        Assert.Contains("?answer=Keep", notice.Markdown, StringComparison.Ordinal);

        org.Org.Clock.Advance(TimeSpan.FromDays(5));
        await runtime.ResumeDueAsync(org.Org.Clock.GetUtcNow());
        Assert.Equal(2, org.Sim.State.Messages().Count(m => m.ToPersonId == candidate.ExternalUserId));
        Assert.Equal(CandidateState.AwaitingUser, (await org.CandidateAsync(candidate.Id)).State);
        Assert.True(org.Holds(candidate));

        org.Org.Clock.Advance(TimeSpan.FromDays(2));
        await runtime.ResumeDueAsync(org.Org.Clock.GetUtcNow());

        var done = await org.Engine.SendAsync(s => s.Send(new GetRemovalCandidate(candidate.Number)));
        Assert.Equal(CandidateState.ClosedComplete, done.Candidate.State);
        Assert.Contains(done.WorkNotes, n => n.Action == nameof(CandidateAction.NoAnswer));
        Assert.False(org.Holds(candidate));
        Assert.Equal(2, org.Sim.State.Messages().Count(m => m.ToPersonId == candidate.ExternalUserId));
    }

    [Fact]
    public async Task A_Remove_answer_reclaims_at_once_and_the_link_works_only_once()
    {
        await using var org = await ReclaimOrg.StartAsync(Notify);
        await org.RunActivityAsync();
        var candidate = (await org.CandidatesAsync())[0];
        await org.DecideAsync(candidate, CandidateAction.Reclaim);
        var token = org.LinkToken(candidate);

        var answered = await org.Engine.SendAsync(s => s.Send(new AnswerHolderNotice(token, HolderAnswer.Remove)));

        Assert.Equal(NoticeStatus.Recorded, answered.Status);
        Assert.Equal(CandidateState.ClosedComplete, (await org.CandidateAsync(candidate.Id)).State);
        Assert.False(org.Holds(candidate));
        Assert.Equal(NoticeStatus.AlreadyAnswered, (await org.Engine.SendAsync(s => s.Send(new AnswerHolderNotice(token, HolderAnswer.Keep)))).Status);
        Assert.Equal(1, org.RemovalCalls());
    }

    [Fact]
    public async Task A_reviewer_approving_a_keep_request_closes_it_skipped_and_the_license_stays()
    {
        await using var org = await ReclaimOrg.StartAsync(Notify);
        await org.RunActivityAsync();
        var candidate = (await org.CandidatesAsync())[0];
        await org.DecideAsync(candidate, CandidateAction.Reclaim);
        await org.Engine.SendAsync(s => s.Send(new AnswerHolderNotice(org.LinkToken(candidate), HolderAnswer.Keep)));

        var approved = await org.DecideAsync(candidate, CandidateAction.ApproveKeep, note: "seasonal user");

        Assert.Equal(CandidateState.ClosedSkipped, approved.Candidate.State);
        Assert.Equal("Keep", approved.Candidate.HolderAnswer);
        Assert.True(org.Holds(candidate));
        Assert.Equal(0, org.RemovalCalls());
    }

    [Fact]
    public async Task Altered_and_expired_links_are_refused_and_change_nothing()
    {
        await using var org = await ReclaimOrg.StartAsync(Notify);
        await org.RunActivityAsync();
        var candidate = (await org.CandidatesAsync())[0];
        await org.DecideAsync(candidate, CandidateAction.Reclaim);
        var token = org.LinkToken(candidate);
        var altered = token[..^2] + (token[^2] == 'A' ? "BB" : "AA");

        Assert.Equal(NoticeStatus.Invalid, (await org.Engine.SendAsync(s => s.Send(new AnswerHolderNotice(altered, HolderAnswer.Keep)))).Status);
        Assert.Equal(NoticeStatus.Invalid, (await org.Engine.SendAsync(s => s.Send(new GetHolderNotice("not-a-token")))).Status);

        org.Org.Clock.Advance(TimeSpan.FromDays(7));
        Assert.Equal(NoticeStatus.Expired, (await org.Engine.SendAsync(s => s.Send(new AnswerHolderNotice(token, HolderAnswer.Keep)))).Status);
        Assert.Equal(CandidateState.AwaitingUser, (await org.CandidateAsync(candidate.Id)).State);
    }

    [Fact]
    public async Task Reclaim_without_review_proceeds_without_waiting_for_a_reviewer()
    {
        await using var org = await ReclaimOrg.StartAsync(new ReclamationRuleSettings("Hands off", ReclaimWithoutReview: true));

        await org.RunActivityAsync();

        var candidates = await org.CandidatesAsync();
        Assert.NotEmpty(candidates);
        Assert.All(candidates, c => Assert.Equal(CandidateState.ClosedComplete, c.State));
        Assert.Equal(candidates.Count, org.RemovalCalls());
        Assert.All(candidates, c => Assert.False(org.Holds(c)));
    }
}
