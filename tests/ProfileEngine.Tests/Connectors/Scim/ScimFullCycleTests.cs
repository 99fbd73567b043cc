using Microsoft.EntityFrameworkCore;
using ProfileEngine.Connections;
using ProfileEngine.Connectors.Scim;
using ProfileEngine.Reclamation;
using ProfileEngine.WebexSimulator.ScimApp;

namespace ProfileEngine.Tests.Connectors.Scim;

/// <summary>
/// The SCIM 2.0 connector through the whole cycle against the SCIM app simulator over loopback HTTP: download, activity,
/// candidates, reclaim; and the same safety rules as Webex (one removal only, re-check right before the call).
/// </summary>
public sealed class ScimFullCycleTests
{
    [Fact]
    public async Task Download_activity_candidates_and_reclaim_run_end_to_end_through_the_scim_connector()
    {
        await using var org = await ScimOrg.StartAsync();

        await org.RunAsync(ScimSubflows.Download);

        var pairs = await org.Engine.QueryDbAsync(db => db.SoftwareSubscriptions.Where(s => s.ProfileId == org.ProfileId && s.Active)
            .Select(s => new { s.ExternalUserId, s.Identifier }).ToListAsync());
        Assert.Equal(org.PaidPairsAtVendor(), pairs.Select(p => (p.ExternalUserId, p.Identifier)).ToHashSet());
        var models = await org.Engine.QueryDbAsync(db => db.SoftwareModels.Where(m => m.ProfileType == ScimConnector.ProfileType).OrderBy(m => m.Edition).ToListAsync());
        Assert.Equal(["Enterprise", "Pro", "Viewer (free)"], models.Select(m => m.Edition).Order(StringComparer.Ordinal));
        Assert.True(models.Single(m => m.Edition == "Viewer (free)").IsFree);
        Assert.All(models, m => Assert.Equal(("SCIM application", "SCIM application"), (m.Publisher, m.Product)));

        await org.AddRuleAsync(thresholdDays: 30);
        await org.RunAsync(ScimSubflows.Activity);

        var now = org.Engine.Clock.GetUtcNow();
        var users = org.Sim.State.Users().ToDictionary(u => u.Id);
        var expected = org.PaidPairsAtVendor()
            .Where(p => (users[p.User].LastLogin ?? users[p.User].Created) < now.AddDays(-30))
            .ToHashSet();
        var candidates = await org.CandidatesAsync();
        Assert.NotEmpty(expected);
        Assert.Equal(expected, candidates.Select(c => (c.ExternalUserId, c.Identifier)).ToHashSet());
        Assert.All(candidates, c => Assert.Equal(users[c.ExternalUserId].LastLogin, c.LastActivity));

        var candidate = candidates[0];
        await org.DecideAsync(candidate, CandidateAction.Reclaim);

        var after = await org.CandidateAsync(candidate.Id);
        Assert.Equal(CandidateState.ClosedComplete, after.State);
        Assert.False(org.Holds(candidate));
        Assert.True(org.Sim.State.GetUser(candidate.ExternalUserId).Active, "remove mode takes the entitlement, not the account");
        Assert.Equal(1, org.PatchCalls(candidate.ExternalUserId));
        var subscription = await org.Engine.QueryDbAsync(db => db.SoftwareSubscriptions.SingleAsync(s => s.Id == candidate.SubscriptionId));
        Assert.False(subscription.Active);
        Assert.NotNull(subscription.ReclaimedAt);
    }

    [Fact]
    public async Task A_double_click_on_Reclaim_sends_one_patch()
    {
        await using var org = await ScimOrg.StartAsync();
        await org.RunAsync(ScimSubflows.Download);
        await org.AddRuleAsync();
        await org.RunAsync(ScimSubflows.Activity);
        var candidate = (await org.CandidatesAsync())[0];

        var clicks = await Task.WhenAll(Attempt(() => org.DecideAsync(candidate, CandidateAction.Reclaim)), Attempt(() => org.DecideAsync(candidate, CandidateAction.Reclaim)));

        Assert.Single(clicks, c => c is null);
        Assert.Equal(CandidateState.ClosedComplete, (await org.CandidateAsync(candidate.Id)).State);
        Assert.Equal(1, org.PatchCalls(candidate.ExternalUserId));
        Assert.False(org.Holds(candidate));
    }

    [Fact]
    public async Task A_sign_in_after_the_candidate_opened_closes_it_at_the_recheck_and_nothing_is_patched()
    {
        await using var org = await ScimOrg.StartAsync();
        await org.RunAsync(ScimSubflows.Download);
        await org.AddRuleAsync();
        await org.RunAsync(ScimSubflows.Activity);
        var candidate = (await org.CandidatesAsync())[0];
        var signIn = org.Sim.State.Now.AddMinutes(-5);
        org.Sim.State.SetLastLogin(candidate.ExternalUserId, signIn);

        await org.DecideAsync(candidate, CandidateAction.Reclaim);

        var after = await org.CandidateAsync(candidate.Id);
        Assert.Equal(CandidateState.ClosedCanceled, after.State);
        Assert.Equal(signIn, after.LastActivity);
        Assert.Equal(0, org.PatchCalls(candidate.ExternalUserId));
        Assert.True(org.Holds(candidate));
    }

    [Fact]
    public async Task A_license_taken_away_at_the_app_meanwhile_is_closed_skipped_without_a_patch()
    {
        await using var org = await ScimOrg.StartAsync();
        await org.RunAsync(ScimSubflows.Download);
        await org.AddRuleAsync();
        await org.RunAsync(ScimSubflows.Activity);
        var candidate = (await org.CandidatesAsync())[0];
        org.Sim.State.RemoveEntitlement(candidate.ExternalUserId, candidate.Identifier);

        await org.DecideAsync(candidate, CandidateAction.Reclaim);

        Assert.Equal(CandidateState.ClosedSkipped, (await org.CandidateAsync(candidate.Id)).State);
        Assert.Equal(0, org.PatchCalls(candidate.ExternalUserId));
    }

    [Fact]
    public async Task A_refused_patch_is_attention_required_with_the_apps_detail_and_resume_removes_once()
    {
        await using var org = await ScimOrg.StartAsync();
        await org.RunAsync(ScimSubflows.Download);
        await org.AddRuleAsync();
        await org.RunAsync(ScimSubflows.Activity);
        var candidate = (await org.CandidatesAsync())[0];
        org.Sim.State.FailNext("/scim/v2/Users/" + candidate.ExternalUserId, 500, method: "PATCH");

        await org.DecideAsync(candidate, CandidateAction.Reclaim);

        var failed = await org.CandidateAsync(candidate.Id);
        Assert.Equal(CandidateState.AttentionRequired, failed.State);
        Assert.Contains("The SCIM application answered 500 to PATCH", failed.VendorMessage, StringComparison.Ordinal);
        Assert.True(org.Holds(candidate));

        await org.DecideAsync(failed, CandidateAction.ResumeReclaim);

        Assert.Equal(CandidateState.ClosedComplete, (await org.CandidateAsync(candidate.Id)).State);
        Assert.False(org.Holds(candidate));
        Assert.Equal(1, org.Sim.State.Requests.Snapshot().Count(r => r.Method == "PATCH" && r.Path.Contains(candidate.ExternalUserId, StringComparison.Ordinal) && r.Status is >= 200 and < 300));
    }

    [Fact]
    public async Task Deactivate_mode_sets_active_false_and_an_incremental_download_then_drops_the_users_subscriptions()
    {
        await using var org = await ScimOrg.StartAsync(new Dictionary<string, string>
        {
            [ScimSettings.ActivityAttribute] = ScimOrg.LastLogin,
            [ScimSettings.FreeLicenses] = "viewer",
            [ScimSettings.ReclaimMode] = ScimSettings.Deactivate,
        });
        await org.RunAsync(ScimSubflows.Download);
        await org.AddRuleAsync();
        await org.RunAsync(ScimSubflows.Activity);
        var candidate = (await org.CandidatesAsync())[0];

        await org.DecideAsync(candidate, CandidateAction.Reclaim);

        Assert.Equal(CandidateState.ClosedComplete, (await org.CandidateAsync(candidate.Id)).State);
        Assert.False(org.Sim.State.GetUser(candidate.ExternalUserId).Active);
        org.Engine.Clock.Advance(TimeSpan.FromMinutes(1));
        await org.RunAsync(ScimSubflows.Download, mode: "incremental");
        var active = await org.Engine.QueryDbAsync(db => db.SoftwareSubscriptions.CountAsync(s => s.ExternalUserId == candidate.ExternalUserId && s.Active));
        Assert.Equal(0, active);
    }

    [Fact]
    public async Task Incremental_download_reads_only_changed_users_and_picks_up_a_new_entitlement()
    {
        await using var org = await ScimOrg.StartAsync();
        await org.RunAsync(ScimSubflows.Download);
        org.Engine.Clock.Advance(TimeSpan.FromMinutes(10));
        var user = org.Sim.State.Users().First(u => u.Active && !u.HasEntitlement("enterprise"));
        org.Sim.State.AssignEntitlement(user.Id, new ScimEntitlement("enterprise", "Enterprise"));
        var before = org.Sim.State.Requests.Snapshot().Count;

        await org.RunAsync(ScimSubflows.Download, mode: "incremental");

        var lists = org.Sim.State.Requests.Snapshot().Skip(before).Where(r => r.Method == "GET" && r.Path == "/scim/v2/Users").ToList();
        Assert.Single(lists);
        Assert.Contains("meta.lastModified", Uri.UnescapeDataString(lists[0].Query), StringComparison.Ordinal);
        Assert.True(await org.Engine.QueryDbAsync(db => db.SoftwareSubscriptions.AnyAsync(s => s.ExternalUserId == user.Id && s.Identifier == "enterprise" && s.Active)));
        Assert.Equal(org.PaidPairsAtVendor().Count, await org.Engine.QueryDbAsync(db => db.SoftwareSubscriptions.CountAsync(s => s.ProfileId == org.ProfileId && s.Active)));
    }

    private static async Task<Exception?> Attempt(Func<Task> action)
    {
        try
        {
            await action();
            return null;
        }
        catch (Exception e) when (e is IllegalCandidateTransitionException or Messaging.RequestConflictException)
        {
            return e;
        }
    }
}
