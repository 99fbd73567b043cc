using Microsoft.EntityFrameworkCore;
using ProfileEngine.UserActivity;
using ProfileEngine.Connectors.Webex.UserActivity;
using ProfileEngine.Profiles;
using ProfileEngine.Reclamation;
using ProfileEngine.Subscriptions;
using ProfileEngine.Workflows.Persistence;
using ProfileEngine.Workflows.Runtime;

namespace ProfileEngine.Tests.Reclamation;

/// <summary>
/// Candidates only where the data proves inactivity: the activity history a profile has read bounds every rule and
/// preview, and open candidates follow their rule when it changes.
/// </summary>
public sealed class ProvenInactivityTests
{
    private static readonly string[] ReportProducts = ["Webex Meetings", "Webex Training", "Webex Events", "Webex Support"];

    [Fact]
    public async Task With_60_days_of_activity_read_a_90_day_rule_proposes_nobody_and_the_preview_and_the_rule_say_why()
    {
        await using var org = await ReclaimOrg.StartAsync(new ReclamationRuleSettings("Unused 90", LastActivityThresholdDays: 90));
        await LookBackAsync(org, days: 60);

        var evaluation = await org.RunActivityAsync();

        Assert.Equal(0, evaluation["created"]!.GetValue<int>());
        Assert.Empty(await org.CandidatesAsync());
        var limitations = evaluation["limitations"]!.AsArray().Select(l => l!.GetValue<string>()).ToList();
        Assert.Contains(limitations, l => l.Contains("Webex Messaging activity is known for 60 days; 90-day candidates need 30 more days of history or a longer look-back", StringComparison.Ordinal));
        var rule = (await org.Engine.SendAsync(s => s.Send(new ListReclamationRules(org.ProfileId)))).Single();
        Assert.Contains(rule.Limitations, l => l.Contains("known for 60 days; 90-day candidates need 30 more days", StringComparison.Ordinal));

        var preview = await org.Engine.SendAsync(s => s.Send(new PreviewReclamationRule(rule.Id, [30, 60, 90])));
        var at90 = preview.Thresholds.Single(t => t.ThresholdDays == 90);
        Assert.Equal(0, at90.Candidates);
        Assert.Contains(at90.Limitations, l => l.Contains("90-day candidates need 30 more days", StringComparison.Ordinal));
        var at30 = preview.Thresholds.Single(t => t.ThresholdDays == 30);
        Assert.True(at30.Candidates > 0);
        Assert.Empty(at30.Limitations);
    }

    [Fact]
    public async Task A_never_active_license_counts_as_inactive_only_since_activity_was_first_read()
    {
        await using var org = await ReclaimOrg.StartAsync(new ReclamationRuleSettings("Unused 45", LastActivityThresholdDays: 45));
        await LookBackAsync(org, days: 60);

        await org.RunActivityAsync();

        var neverActive = (await org.CandidatesAsync()).Where(c => c.LastActivity is null).ToList();
        Assert.NotEmpty(neverActive);
        var created = (await org.Org.SubscriptionsAsync()).ToDictionary(s => s.Id, s => s.ExternalCreated ?? s.FirstSeenAt);
        var now = org.Org.Clock.GetUtcNow();
        Assert.Contains(neverActive, c => (now - created[c.SubscriptionId!.Value]).TotalDays > 365);
        Assert.All(neverActive, c => Assert.Equal(Math.Min(60, (int)(now - created[c.SubscriptionId!.Value]).TotalDays), c.InactiveDays));
    }

    [Fact]
    public async Task A_look_back_moved_earlier_reads_the_older_days_too_and_longer_rules_then_propose()
    {
        await using var org = await ReclaimOrg.StartAsync(new ReclamationRuleSettings("Unused 80", LastActivityThresholdDays: 80));
        await LookBackAsync(org, days: 60);
        await org.RunActivityAsync();
        Assert.Empty(await org.CandidatesAsync());

        org.Org.Clock.Advance(TimeSpan.FromHours(1));
        await LookBackAsync(org, days: 90);
        var evaluation = await org.RunActivityAsync();

        var coverage = await org.Engine.QueryDbAsync(db => db.ActivityCoverages.AsNoTracking().Where(c => c.ProfileId == org.ProfileId).ToListAsync());
        var now = org.Org.Clock.GetUtcNow();
        var messaging = coverage.Single(c => c.Product == "Webex Messaging");
        Assert.Equal(UpdateUserActivity.EarliestServed(now), messaging.CoveredFrom);
        Assert.Equal(now, messaging.CoveredUntil);
        Assert.All(coverage.Where(c => ReportProducts.Contains(c.Product)), c => Assert.Equal(now - UpdateUserActivity.UsageReportDelay, c.CoveredUntil));
        Assert.True(evaluation["created"]!.GetValue<int>() > 0);
        Assert.All(await org.CandidatesAsync(), c => Assert.True(c.InactiveDays >= 80, $"{c.Number}: {c.InactiveDays} days"));
    }

    [Fact]
    public async Task Raising_a_threshold_closes_the_candidates_it_no_longer_selects_with_a_note_naming_the_rule_and_cancels_their_flows()
    {
        await using var org = await ReclaimOrg.StartAsync(new ReclamationRuleSettings("Unused", LastActivityThresholdDays: 30));
        await org.RunActivityAsync();
        var before = await org.CandidatesAsync();
        var rule = (await org.Engine.SendAsync(s => s.Send(new ListReclamationRules(org.ProfileId)))).Single();

        await org.Engine.SendAsync(s => s.Send(new UpdateReclamationRule(rule.Id, rule.Version, ReclaimOrg.Settings(rule) with { LastActivityThresholdDays = 75 })));
        var evaluation = await org.Engine.SendAsync(s => s.Send(new EvaluateReclamationRules(org.ProfileId)));

        var stillSelected = await StillSelectedAsync(org, before, thresholdDays: 75);
        var dropped = before.Where(c => !stillSelected.Contains(c.Id)).ToList();
        Assert.NotEmpty(dropped);
        Assert.NotEmpty(stillSelected);
        Assert.Equal(dropped.Count, evaluation.NoLongerSelected);
        Assert.Equal(0, evaluation.Created);
        var runtime = org.Engine.Get<IWorkflowRuntime>();
        var subscriptions = (await org.Org.SubscriptionsAsync()).ToDictionary(s => s.Id);
        foreach (var candidate in dropped)
        {
            var details = await org.Engine.SendAsync(s => s.Send(new GetRemovalCandidate(candidate.Number)));
            Assert.Equal(CandidateState.ClosedCanceled, details.Candidate.State);
            var note = Assert.Single(details.WorkNotes, n => n.Action == nameof(CandidateAction.RuleNoLongerSelects));
            Assert.Contains("rule 'Unused'", note.Text, StringComparison.Ordinal);
            Assert.Contains("75 days", note.Text, StringComparison.Ordinal);
            Assert.Equal(subscriptions[candidate.SubscriptionId!.Value].LastActivity, details.Candidate.LastActivity);
            Assert.True(details.Candidate.InactiveDays <= 76, $"{candidate.Number}: {details.Candidate.InactiveDays} days");
            Assert.Equal(WorkflowStatus.Cancelled, (await runtime.GetAsync(candidate.WorkflowInstanceId!))!.Summary.Status);
        }

        var open = (await org.CandidatesAsync()).Where(c => CandidateLifecycle.IsOpen(c.State)).Select(c => c.Id).ToHashSet();
        Assert.Equal(stillSelected, open);
    }

    [Fact]
    public async Task The_weekly_job_closes_candidates_a_changed_rule_no_longer_selects()
    {
        await using var org = await ReclaimOrg.StartAsync(new ReclamationRuleSettings("Unused", LastActivityThresholdDays: 30));
        await org.RunActivityAsync();
        var before = await org.CandidatesAsync();
        var rule = (await org.Engine.SendAsync(s => s.Send(new ListReclamationRules(org.ProfileId)))).Single();
        await org.Engine.SendAsync(s => s.Send(new UpdateReclamationRule(rule.Id, rule.Version, ReclaimOrg.Settings(rule) with { LastActivityThresholdDays = 75 })));

        var closed = await org.Engine.Get<UpdateExistingCandidatesJob>().RunAsync(CancellationToken.None);

        var stillSelected = await StillSelectedAsync(org, before, thresholdDays: 75);
        Assert.Equal(before.Count - stillSelected.Count, closed);
        var after = await org.CandidatesAsync();
        Assert.Equal(stillSelected, after.Where(c => CandidateLifecycle.IsOpen(c.State)).Select(c => c.Id).ToHashSet());
        Assert.All(after.Where(c => !stillSelected.Contains(c.Id)), c => Assert.Equal(CandidateState.ClosedCanceled, c.State));
    }

    [Fact]
    public async Task A_candidate_whose_reclaim_is_running_gets_one_note_and_is_not_moved()
    {
        await using var org = await ReclaimOrg.StartAsync(new ReclamationRuleSettings("Unused", LastActivityThresholdDays: 30));
        await org.RunActivityAsync();
        var rule = (await org.Engine.SendAsync(s => s.Send(new ListReclamationRules(org.ProfileId)))).Single();
        var before = await org.CandidatesAsync();
        var stillSelected = await StillSelectedAsync(org, before, 75);
        var dropped = before.First(c => !stillSelected.Contains(c.Id));

        // As while a reclaim run owns it, between its claim and the vendor's answer.
        await org.Engine.QueryDbAsync(db => db.RemovalCandidates.Where(c => c.Id == dropped.Id)
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.State, CandidateState.AwaitingRevocation).SetProperty(c => c.ReclaimingInstanceId, "reclaim-run-1")));
        await org.Engine.SendAsync(s => s.Send(new UpdateReclamationRule(rule.Id, rule.Version, ReclaimOrg.Settings(rule) with { LastActivityThresholdDays = 75 })));
        await org.Engine.SendAsync(s => s.Send(new EvaluateReclamationRules(org.ProfileId, StartFlows: false)));
        await org.Engine.SendAsync(s => s.Send(new EvaluateReclamationRules(org.ProfileId, StartFlows: false)));

        var details = await org.Engine.SendAsync(s => s.Send(new GetRemovalCandidate(dropped.Number)));
        Assert.Equal(CandidateState.AwaitingRevocation, details.Candidate.State);
        var note = Assert.Single(details.WorkNotes, n => n.Text.Contains("while its reclaim is running", StringComparison.Ordinal));
        Assert.Contains("rule 'Unused' no longer selects it", note.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_recheck_before_removal_closes_a_candidate_its_changed_rule_no_longer_selects_and_removes_nothing()
    {
        await using var org = await ReclaimOrg.StartAsync(new ReclamationRuleSettings("Unused", LastActivityThresholdDays: 30));
        await org.RunActivityAsync();
        var before = await org.CandidatesAsync();
        var stillSelected = await StillSelectedAsync(org, before, 75);
        var dropped = before.First(c => !stillSelected.Contains(c.Id));
        var rule = (await org.Engine.SendAsync(s => s.Send(new ListReclamationRules(org.ProfileId)))).Single();

        // The rule changes; the reviewer reclaims before any evaluation ran.
        await org.Engine.SendAsync(s => s.Send(new UpdateReclamationRule(rule.Id, rule.Version, ReclaimOrg.Settings(rule) with { LastActivityThresholdDays = 75 })));
        var decided = await org.DecideAsync(dropped, CandidateAction.Reclaim);

        Assert.Equal(CandidateState.ClosedCanceled, decided.Candidate.State);
        Assert.Contains(decided.WorkNotes, n => n.Action == nameof(CandidateAction.RuleNoLongerSelects) && n.Text.Contains("Nothing was removed", StringComparison.Ordinal));
        Assert.Equal(0, org.RemovalCalls());
        Assert.True(org.Holds(dropped));
    }

    [Fact]
    public async Task Without_any_coverage_yet_as_right_after_an_upgrade_open_candidates_stay_and_no_new_ones_are_made()
    {
        await using var org = await ReclaimOrg.StartAsync();
        await org.RunActivityAsync();
        var before = await org.CandidatesAsync();
        Assert.NotEmpty(before);

        // As a database from before coverage was recorded: candidates, and no coverage.
        await org.Engine.QueryDbAsync(db => db.ActivityCoverages.ExecuteDeleteAsync());
        var evaluation = await org.Engine.SendAsync(s => s.Send(new EvaluateReclamationRules(org.ProfileId)));
        var closed = await org.Engine.Get<UpdateExistingCandidatesJob>().RunAsync(CancellationToken.None);

        Assert.Equal((0, 0, 0), (evaluation.Created, evaluation.Canceled, closed));
        Assert.Contains(evaluation.Limitations, l => l.Contains("No Webex Messaging activity has been read yet", StringComparison.Ordinal));
        Assert.All(await org.CandidatesAsync(), c => Assert.Equal(CandidateState.Ready, c.State));
    }

    /// <summary>Sets the profile's look-back to <paramref name="days"/> before now.</summary>
    private static async Task LookBackAsync(ReclaimOrg org, int days)
    {
        var profile = await org.Engine.SendAsync(s => s.Send(new GetProfile(org.ProfileId)));
        await org.Engine.SendAsync(s => s.Send(new UpdateProfile(org.ProfileId, profile.Version, profile.DisplayName, true, profile.DownloadActivity, profile.ReclaimSubscriptions,
            org.Org.Clock.GetUtcNow().AddDays(-days))));
    }

    /// <summary>
    /// Of <paramref name="candidates"/>, those a rule of <paramref name="thresholdDays"/> still selects, worked out here
    /// from the subscriptions: inactive (or, never active, created) before the threshold, counted from a day earlier
    /// for products read from the usage report, whose last day is not known yet.
    /// </summary>
    private static async Task<HashSet<long>> StillSelectedAsync(ReclaimOrg org, IEnumerable<RemovalCandidate> candidates, int thresholdDays)
    {
        var now = org.Org.Clock.GetUtcNow();
        var products = await org.Engine.QueryDbAsync(db => db.SoftwareModels.ToDictionaryAsync(m => m.Id, m => m.Product));
        var subscriptions = (await org.Org.SubscriptionsAsync()).ToDictionary(s => s.Id);
        return candidates.Where(c =>
        {
            SoftwareSubscription s = subscriptions[c.SubscriptionId!.Value];
            var until = ReportProducts.Contains(products[s.ModelId!.Value]) ? now.AddDays(-1) : now;
            return (s.LastActivity ?? s.ExternalCreated ?? s.FirstSeenAt) < until.AddDays(-thresholdDays);
        }).Select(c => c.Id).ToHashSet();
    }
}
