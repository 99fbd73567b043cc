using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using ProfileEngine.Connectors.Webex.UserActivity;
using ProfileEngine.Connectors.Webex;
using ProfileEngine.Messaging;
using ProfileEngine.Profiles;
using ProfileEngine.Reclamation;
using ProfileEngine.Subscriptions;

namespace ProfileEngine.Tests.Reclamation;

public sealed class ReclamationRulesTests
{
    [Fact]
    public async Task Evaluation_opens_one_Ready_candidate_per_stale_paid_unexcluded_subscription_and_a_second_run_opens_none()
    {
        await using var org = await ReclaimOrg.StartAsync();

        await org.RunActivityAsync();

        var now = org.Org.Clock.GetUtcNow();
        var cutoff = now.AddDays(-ReclamationRule.DefaultThresholdDays);
        var subscriptions = await org.Org.SubscriptionsAsync();
        var free = await org.Engine.QueryDbAsync(db => db.SoftwareModels.Where(m => m.IsFree).Select(m => (Guid?)m.Id).ToListAsync());

        // Only products some rule of the activity definition reads activity for can be proven inactive, and those read
        // from the usage report are known only until a day ago (its rows arrive up to 24 hours late).
        var products = await org.Engine.QueryDbAsync(db => db.SoftwareModels.ToDictionaryAsync(m => m.Id, m => m.Product));
        var fromEvents = new HashSet<string> { "Webex Messaging", "Webex Calling" };
        var fromReport = new HashSet<string> { "Webex Meetings", "Webex Training", "Webex Events", "Webex Support" };
        DateTimeOffset CutoffOf(SoftwareSubscription s) => fromReport.Contains(products[s.ModelId!.Value]) ? cutoff.AddDays(-1) : cutoff;
        var expected = subscriptions
            .Where(s => s.Active && !s.Excluded && s.ModelId is not null && !free.Contains(s.ModelId))
            .Where(s => fromEvents.Contains(products[s.ModelId!.Value]) || fromReport.Contains(products[s.ModelId!.Value]))
            .Where(s => (s.LastActivity ?? s.ExternalCreated ?? s.FirstSeenAt) < CutoffOf(s))
            .Select(s => s.Id).ToHashSet();
        var candidates = await org.CandidatesAsync();
        Assert.NotEmpty(expected);
        Assert.Equal(expected, candidates.Select(c => c.SubscriptionId!.Value).ToHashSet());
        Assert.Equal(candidates.Count, candidates.Select(c => c.SubscriptionId).Distinct().Count());
        Assert.All(candidates, c => Assert.True(c.InactiveDays >= ReclamationRule.DefaultThresholdDays, $"{c.Number} inactive {c.InactiveDays} days"));
        Assert.Contains(subscriptions, s => s.Active && s.LastActivity > cutoff);

        var again = await org.Engine.SendAsync(s => s.Send(new EvaluateReclamationRules(org.ProfileId)));
        Assert.Equal(0, again.Created);
        Assert.Equal(0, again.FlowsStarted);
        Assert.Equal(candidates.Count, (await org.CandidatesAsync()).Count);
    }

    [Fact]
    public async Task Fresh_activity_closes_an_open_candidate_as_Closed_Canceled_with_a_work_note_and_cancels_its_flow()
    {
        await using var org = await ReclaimOrg.StartAsync();
        await org.RunActivityAsync();
        var candidate = (await org.CandidatesAsync()).First(c => c.ModelName!.Contains("Messaging", StringComparison.Ordinal));

        org.Sim.State.AppendActivity(candidate.ExternalUserId, "message", org.Org.Clock.GetUtcNow().AddHours(-1));
        org.Org.Clock.Advance(TimeSpan.FromDays(1));
        var evaluation = await org.RunActivityAsync();

        Assert.Equal(1, evaluation["canceled"]!.GetValue<int>());
        var details = await org.Engine.SendAsync(s => s.Send(new GetRemovalCandidate(candidate.Number)));
        Assert.Equal(CandidateState.ClosedCanceled, details.Candidate.State);
        Assert.Contains(details.WorkNotes, n => n.Action == nameof(CandidateAction.ActivityDetected) && n.Text.Contains("in use", StringComparison.Ordinal));
        var flow = await org.Engine.Get<ProfileEngine.Workflows.Runtime.IWorkflowRuntime>().GetAsync(candidate.WorkflowInstanceId!);
        Assert.Equal(ProfileEngine.Workflows.Persistence.WorkflowStatus.Cancelled, flow!.Summary.Status);
    }

    [Fact]
    public async Task Preview_counts_candidates_and_savings_per_threshold_without_creating_anything()
    {
        await using var org = await ReclaimOrg.StartAsync();
        var rule = await org.ReadActivityWithoutEvaluatingAsync();

        var preview = await org.Engine.SendAsync(s => s.Send(new PreviewReclamationRule(rule.Id, [120, 30, 90, 60])));

        Assert.Equal([30, 60, 90, 120], preview.Thresholds.Select(t => t.ThresholdDays));
        Assert.Empty(await org.CandidatesAsync());
        var counts = preview.Thresholds.Select(t => t.Candidates).ToList();
        Assert.Equal(counts.OrderDescending(), counts);
        Assert.True(counts[1] > 0, "60 days are covered by the 90 days of activity read");
        Assert.All(preview.Thresholds, t => Assert.Equal(t.Candidates * ReclaimOrg.Price, t.PotentialSavings));
        Assert.All(preview.Thresholds, t => Assert.Equal(t.Candidates, t.NewCandidates));

        var evaluation = await org.Engine.SendAsync(s => s.Send(new EvaluateReclamationRules(org.ProfileId, StartFlows: false)));
        Assert.Equal(preview.Thresholds.Single(t => t.ThresholdDays == 60).Candidates, evaluation.Created);
        var after = await org.Engine.SendAsync(s => s.Send(new PreviewReclamationRule(rule.Id, [60])));
        Assert.Equal(0, after.Thresholds[0].NewCandidates);
    }

    [Fact]
    public async Task A_models_own_rule_wins_over_the_profiles_rule_and_an_inactive_rule_opens_nothing()
    {
        await using var org = await ReclaimOrg.StartAsync();
        var model = await org.Engine.QueryDbAsync(db => db.SoftwareSubscriptions.Where(s => s.ModelId != null)
            .Join(db.SoftwareModels.Where(m => !m.IsFree), s => s.ModelId, m => m.Id, (s, m) => m.Id).FirstAsync());
        await org.Engine.SendAsync(s => s.Send(new CreateReclamationRule(org.ProfileId, model, new ReclamationRuleSettings("Model rule", Active: false))));

        await org.RunActivityAsync();

        var candidates = await org.CandidatesAsync();
        Assert.NotEmpty(candidates);
        Assert.DoesNotContain(candidates, c => c.ModelId == model);
    }

    [Fact]
    public async Task Bad_rule_settings_are_refused_naming_each_field()
    {
        await using var org = await ReclaimOrg.StartAsync();

        var refused = await Assert.ThrowsAsync<RequestValidationException>(() => org.Engine.SendAsync(s => s.Send(new CreateReclamationRule(
            org.ProfileId, Guid.NewGuid(), new ReclamationRuleSettings(" ", LastActivityThresholdDays: 0, DaysBeforeAutoReclamation: 3, ReminderDaysBeforeDeadline: 3, AssignmentGroup: "")))));

        Assert.Equal(
            ["AssignmentGroup", "LastActivityThresholdDays", "ModelId", "Name", "ReminderDaysBeforeDeadline"],
            refused.Errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_stale_rule_update_is_a_conflict()
    {
        await using var org = await ReclaimOrg.StartAsync();
        var rule = (await org.Engine.SendAsync(s => s.Send(new ListReclamationRules(org.ProfileId)))).Single();
        await org.Engine.SendAsync(s => s.Send(new UpdateReclamationRule(rule.Id, rule.Version, new ReclamationRuleSettings("Renamed", LastActivityThresholdDays: 90))));

        await Assert.ThrowsAsync<RequestConflictException>(() => org.Engine.SendAsync(s => s.Send(new UpdateReclamationRule(rule.Id, rule.Version, new ReclamationRuleSettings("Other")))));
    }

    [Fact]
    public async Task Deleting_the_profile_closes_its_open_candidates_as_Closed_Skipped_and_keeps_its_rules_and_their_history()
    {
        await using var org = await ReclaimOrg.StartAsync();
        await org.RunActivityAsync();
        var open = await org.CandidatesAsync();
        var profile = await org.Engine.SendAsync(s => s.Send(new GetProfile(org.ProfileId)));

        var deleted = await org.Engine.SendAsync(s => s.Send(new DeleteProfile(org.ProfileId, profile.Version)), "ada.admin");

        Assert.Equal(open.Count, deleted.ClosedCandidates);
        var closed = await org.CandidatesAsync();
        Assert.All(closed, c => Assert.Equal(CandidateState.ClosedSkipped, c.State));
        Assert.All(closed, c => Assert.Null(c.SubscriptionId));
        Assert.All(closed, c => Assert.Equal("ada.admin", c.ClosedBy));
        Assert.Single(await org.Engine.SendAsync(s => s.Send(new ListReclamationRules(org.ProfileId))));
        Assert.Equal(open.Count, await org.Engine.QueryDbAsync(db => db.CandidateWorkNotes.CountAsync(n => n.Action == nameof(CandidateAction.ProfileDeleted))));
    }

    [Fact]
    public async Task A_reviewers_decision_is_in_the_audit_log_with_who_what_and_the_state_before_and_after()
    {
        await using var org = await ReclaimOrg.StartAsync();
        await org.RunActivityAsync();
        var candidate = (await org.CandidatesAsync())[0];

        await org.DecideAsync(candidate, CandidateAction.CloseSkipped, reviewer: "rita.reviewer", note: "seasonal worker");
        var log = await org.Engine.SendAsync(s => s.Send(new ProfileEngine.Audit.ListAuditEntries(nameof(RemovalCandidate), candidate.Number)));

        var entry = Assert.Single(log.Items);
        Assert.Equal(("rita.reviewer", nameof(DecideRemovalCandidate), "Modified"), (entry.Actor, entry.Action, entry.Change));
        Assert.Contains("Ready", entry.Before, StringComparison.Ordinal);
        Assert.Contains("ClosedSkipped", entry.After, StringComparison.Ordinal);
    }

    [Fact]
    public void The_reclaim_recheck_counts_the_same_meaningful_activity_as_the_activity_subflow()
    {
        // One copy: neither Webex subflow repeats the rules, so both run on the connector's shipped file.
        static JsonNode? Rules(string file, string activity)
        {
            var definition = JsonNode.Parse(File.ReadAllText(Path.Combine(Support.RepositoryPaths.WorkflowsFolder, file)))!;
            return definition["root"]!["activities"]!.AsArray().Single(a => a!["id"]!.GetValue<string>() == activity)!["rules"];
        }

        Assert.Null(Rules(WebexSubflows.Activity + ".json", "ReadActivityStreams"));
        Assert.Null(Rules(WebexSubflows.Reclaim + ".json", "Recheck"));
        var shipped = MeaningfulActivityRules.DefaultJson;
        Assert.Equal(
            ["Webex Calling", "Webex Events", "Webex Meetings", "Webex Messaging", "Webex Support", "Webex Training"],
            shipped.Select(p => p.Key).Order(StringComparer.Ordinal));
        shipped.Remove("Webex Calling");
        Assert.True(MeaningfulActivityRules.DefaultJson.ContainsKey("Webex Calling"), "each caller gets its own copy of the shipped rules");
        var rules = MeaningfulActivityRules.Parse(null);
        Assert.Equal(["meetingReports-MeetingCenter"], rules.StreamsOf("Webex Meetings"));
        Assert.Equal(["events"], rules.StreamsOf("Webex Messaging"));
    }
}
