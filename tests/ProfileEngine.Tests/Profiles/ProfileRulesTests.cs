using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ProfileEngine.Connections;
using ProfileEngine.Connectors.Webex.Subscriptions;
using ProfileEngine.Connectors.Webex;
using ProfileEngine.Messaging;
using ProfileEngine.Profiles;
using ProfileEngine.Tests.Support;

namespace ProfileEngine.Tests.Profiles;

/// <summary>The profile's field rules, through Mediator on a real SQLite file.</summary>
public sealed class ProfileRulesTests
{
    [Fact]
    public async Task Saving_a_new_profile_makes_a_draft_with_the_Webex_defaults()
    {
        await using var engine = await EngineHarness.StartAsync();
        await TestSubflows.ImportAllAsync(engine);

        var profile = await engine.SendAsync(s => s.Send(new CreateProfile("Acme Webex")));

        Assert.Equal("Draft", profile.Status);
        Assert.Equal(WebexConnector.ProfileType, profile.ProfileType);
        Assert.True(profile.DownloadSubscriptions);
        Assert.True(profile.DownloadActivity);
        Assert.True(profile.ReclaimSubscriptions);
        Assert.Equal(WebexAliases.SubscriptionActivityReclaim, profile.ConnectionAlias);
        Assert.Equal(new SubflowBindings(WebexSubflows.Download, WebexSubflows.Activity, WebexSubflows.Reclaim), profile.Subflows);
        Assert.Null(profile.LastValidation);
        Assert.Null(profile.PublishedAt);
        Assert.Empty(profile.ScheduledJobs);
        Assert.Equal(1, profile.Version);
        Assert.Equal(EngineHarness.Start, profile.CreatedAt);
        Assert.Equal(CurrentOperator.LocalOperator, profile.CreatedBy);
    }

    [Fact]
    public async Task Saving_a_draft_again_keeps_it_a_draft()
    {
        await using var engine = await EngineHarness.StartAsync();
        var created = await engine.SendAsync(s => s.Send(new CreateProfile("Acme Webex")));

        var saved = await engine.SendAsync(s => s.Send(Update(created) with { DisplayName = "Acme Webex EU" }));

        Assert.Equal("Draft", saved.Status);
        Assert.Equal("Acme Webex EU", saved.DisplayName);
        Assert.Equal(2, saved.Version);
    }

    [Theory]
    [InlineData(true, true, WebexAliases.SubscriptionActivityReclaim)]
    [InlineData(true, false, WebexAliases.SubscriptionActivity)]
    [InlineData(false, true, WebexAliases.SubscriptionReclaim)]
    [InlineData(false, false, WebexAliases.Subscription)]
    public async Task The_check_boxes_choose_the_parent_alias(bool activity, bool reclaim, string alias)
    {
        await using var engine = await EngineHarness.StartAsync();

        var profile = await engine.SendAsync(s => s.Send(new CreateProfile("Acme", DownloadActivity: activity, ReclaimSubscriptions: reclaim)));

        Assert.Equal(alias, profile.ConnectionAlias);
        Assert.Equal(WebexAliases.ScopesFor(activity, reclaim, false, false).Split(' '), profile.RequiredScopes);
    }

    [Fact]
    public async Task Changing_the_check_boxes_of_a_draft_moves_it_to_the_matching_parent_alias()
    {
        await using var engine = await EngineHarness.StartAsync();
        var created = await engine.SendAsync(s => s.Send(new CreateProfile("Acme")));

        var saved = await engine.SendAsync(s => s.Send(Update(created) with { DownloadActivity = false }));

        Assert.Equal(WebexAliases.SubscriptionReclaim, saved.ConnectionAlias);
    }

    [Fact]
    public async Task Download_subscriptions_cannot_be_turned_off()
    {
        await using var engine = await EngineHarness.StartAsync();
        var created = await engine.SendAsync(s => s.Send(new CreateProfile("Acme")));

        var onCreate = await Assert.ThrowsAsync<RequestValidationException>(() =>
            engine.SendAsync(s => s.Send(new CreateProfile("Other", DownloadSubscriptions: false))));
        var onUpdate = await Assert.ThrowsAsync<RequestValidationException>(() =>
            engine.SendAsync(s => s.Send(Update(created) with { DownloadSubscriptions = false })));

        Assert.Contains("cannot be turned off", onCreate.Errors["DownloadSubscriptions"].Single(), StringComparison.Ordinal);
        Assert.Contains("cannot be turned off", onUpdate.Errors["DownloadSubscriptions"].Single(), StringComparison.Ordinal);
        Assert.Equal(1, await engine.QueryDbAsync(db => db.IntegrationProfiles.CountAsync()));
        Assert.True((await engine.QueryDbAsync(db => db.IntegrationProfiles.SingleAsync())).DownloadSubscriptions);
    }

    [Fact]
    public async Task Analyze_user_activity_from_may_reach_back_90_days_as_Webex_serves_but_not_further_nor_into_the_future()
    {
        await using var engine = await EngineHarness.StartAsync();
        var now = EngineHarness.Start;

        var ninetyDays = await engine.SendAsync(s => s.Send(new CreateProfile("Ninety", AnalyzeUserActivityFrom: now.AddDays(-90))));
        var tooOld = await Assert.ThrowsAsync<RequestValidationException>(() =>
            engine.SendAsync(s => s.Send(new CreateProfile("Too old", AnalyzeUserActivityFrom: now.AddDays(-90).AddSeconds(-1)))));
        var future = await Assert.ThrowsAsync<RequestValidationException>(() =>
            engine.SendAsync(s => s.Send(new CreateProfile("Future", AnalyzeUserActivityFrom: now.AddMinutes(1)))));

        Assert.Equal(now.AddDays(-90), ninetyDays.AnalyzeUserActivityFrom);
        Assert.Contains("more than 90 days before now", tooOld.Errors["AnalyzeUserActivityFrom"].Single(), StringComparison.Ordinal);
        Assert.Contains("in the future", future.Errors["AnalyzeUserActivityFrom"].Single(), StringComparison.Ordinal);
        Assert.Equal(["Ninety"], await engine.QueryDbAsync(db => db.IntegrationProfiles.Select(p => p.DisplayName).ToListAsync()));
    }

    [Fact]
    public async Task A_look_back_set_earlier_survives_later_saves_but_a_new_one_is_checked_against_now()
    {
        await using var engine = await EngineHarness.StartAsync();
        var created = await engine.SendAsync(s => s.Send(new CreateProfile("Acme", AnalyzeUserActivityFrom: EngineHarness.Start.AddDays(-80))));
        engine.Clock.Advance(TimeSpan.FromDays(30));

        var renamed = await engine.SendAsync(s => s.Send(Update(created) with { DisplayName = "Acme 2" }));
        var moved = await Assert.ThrowsAsync<RequestValidationException>(() =>
            engine.SendAsync(s => s.Send(Update(renamed) with { AnalyzeUserActivityFrom = EngineHarness.Start.AddDays(-79) })));

        Assert.Equal(EngineHarness.Start.AddDays(-80), renamed.AnalyzeUserActivityFrom);
        Assert.Contains("more than 90 days", moved.Errors["AnalyzeUserActivityFrom"].Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stale_update_is_a_conflict_and_changes_nothing()
    {
        await using var engine = await EngineHarness.StartAsync();
        var read = await engine.SendAsync(s => s.Send(new CreateProfile("Acme")));
        await engine.SendAsync(s => s.Send(Update(read) with { DisplayName = "Alice's name" }), operatorName: "alice");

        var conflict = await Assert.ThrowsAsync<RequestConflictException>(() =>
            engine.SendAsync(s => s.Send(Update(read) with { DisplayName = "Bob's name" }), operatorName: "bob"));

        Assert.Equal("Version", conflict.Field);
        Assert.Contains("you sent version 1, it is now at version 2", conflict.Message, StringComparison.Ordinal);
        var stored = await engine.QueryDbAsync(db => db.IntegrationProfiles.SingleAsync());
        Assert.Equal("Alice's name", stored.DisplayName);
        Assert.Equal(2, stored.Version);
    }

    [Fact]
    public async Task Two_updates_racing_from_the_same_version_cannot_both_win()
    {
        await using var engine = await EngineHarness.StartAsync();
        var read = await engine.SendAsync(s => s.Send(new CreateProfile("Acme")));

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => Attempt(engine, Update(read) with { DisplayName = $"Name {i}" })));

        Assert.Equal(1, outcomes.Count(o => o is null));
        Assert.All(outcomes.Where(o => o is not null), o => Assert.IsType<RequestConflictException>(o));
        Assert.Equal(2, (await engine.QueryDbAsync(db => db.IntegrationProfiles.SingleAsync())).Version);
    }

    [Fact]
    public async Task Display_names_are_required_and_unique_without_regard_to_case()
    {
        await using var engine = await EngineHarness.StartAsync();
        await engine.SendAsync(s => s.Send(new CreateProfile("Acme Webex")));

        var duplicate = await Assert.ThrowsAsync<RequestValidationException>(() => engine.SendAsync(s => s.Send(new CreateProfile("  ACME webex "))));
        var blank = await Assert.ThrowsAsync<RequestValidationException>(() => engine.SendAsync(s => s.Send(new CreateProfile(" "))));

        Assert.Contains("already exists", duplicate.Errors["DisplayName"].Single(), StringComparison.Ordinal);
        Assert.Equal("DisplayName is required.", blank.Errors["DisplayName"].Single());
    }

    [Fact]
    public async Task A_subflow_may_be_bound_to_any_published_definition_but_not_to_an_unknown_or_unpublished_one()
    {
        await using var engine = await EngineHarness.StartAsync();
        await TestSubflows.ImportAllAsync(engine);

        var custom = await engine.SendAsync(s => s.Send(new CreateProfile("Custom", DownloadSubflow: TestSubflows.CustomDownload)));
        var unknown = await Assert.ThrowsAsync<RequestValidationException>(() =>
            engine.SendAsync(s => s.Send(new CreateProfile("Unknown", DownloadSubflow: "no-such-flow"))));
        var draft = await Assert.ThrowsAsync<RequestValidationException>(() =>
            engine.SendAsync(s => s.Send(Update(custom) with { ActivitySubflow = TestSubflows.DraftOnly })));

        Assert.Equal(TestSubflows.CustomDownload, custom.Subflows.Download);
        Assert.Equal("There is no workflow definition 'no-such-flow'.", unknown.Errors["DownloadSubflow"].Single());
        Assert.Contains("has no published version", draft.Errors["ActivitySubflow"].Single(), StringComparison.Ordinal);
        Assert.Equal(WebexSubflows.Activity, (await engine.QueryDbAsync(db => db.IntegrationProfiles.SingleAsync())).ActivitySubflow);
    }

    [Fact]
    public async Task A_child_alias_of_the_matching_parent_may_be_chosen_and_stays_through_later_saves()
    {
        await using var engine = await EngineHarness.StartAsync();
        await engine.SendAsync(s => s.Send(new CreateChildAlias("second_org", WebexAliases.SubscriptionActivityReclaim)));
        await engine.SendAsync(s => s.Send(new CreateChildAlias("reclaim_only_org", WebexAliases.SubscriptionReclaim)));

        var created = await engine.SendAsync(s => s.Send(new CreateProfile("Second org", ConnectionAlias: "second_org")));
        var renamed = await engine.SendAsync(s => s.Send(Update(created) with { DisplayName = "Second org EU" }));
        var mismatch = await Assert.ThrowsAsync<RequestValidationException>(() =>
            engine.SendAsync(s => s.Send(Update(renamed) with { DownloadActivity = false })));
        var wrongParent = await Assert.ThrowsAsync<RequestValidationException>(() =>
            engine.SendAsync(s => s.Send(new CreateProfile("Third", ConnectionAlias: "reclaim_only_org"))));

        Assert.Equal("second_org", renamed.ConnectionAlias);
        Assert.Contains("belongs to 'webex_subscription_activity_reclaim'", mismatch.Errors["ConnectionAlias"].Single(), StringComparison.Ordinal);
        Assert.Contains("needs 'webex_subscription_activity_reclaim' or a child of it", wrongParent.Errors["ConnectionAlias"].Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_change_writes_an_audit_row_with_who_what_when_before_and_after()
    {
        await using var engine = await EngineHarness.StartAsync();
        var created = await engine.SendAsync(s => s.Send(new CreateProfile("Acme")), operatorName: "alice");
        engine.Clock.Advance(TimeSpan.FromMinutes(5));
        await engine.SendAsync(s => s.Send(Update(created) with { DisplayName = "Acme EU" }), operatorName: "bob");

        var rows = await engine.QueryDbAsync(db => db.AuditEntries.Where(a => a.EntityType == nameof(IntegrationProfile)).OrderBy(a => a.Id).ToListAsync());

        Assert.Equal(2, rows.Count);
        Assert.Equal(("alice", nameof(CreateProfile), "Added", EngineHarness.Start), (rows[0].Actor, rows[0].Action, rows[0].Change, rows[0].At));
        Assert.Null(rows[0].Before);
        Assert.Equal(("bob", nameof(UpdateProfile), "Modified", EngineHarness.Start.AddMinutes(5)), (rows[1].Actor, rows[1].Action, rows[1].Change, rows[1].At));
        Assert.Equal("Acme", JsonDocument.Parse(rows[1].Before!).RootElement.GetProperty("DisplayName").GetString());
        Assert.Equal("Acme EU", JsonDocument.Parse(rows[1].After!).RootElement.GetProperty("DisplayName").GetString());
        Assert.Equal(created.Id.ToString(), rows[1].EntityId);
    }

    [Fact]
    public async Task A_refused_change_writes_neither_the_change_nor_an_audit_row()
    {
        await using var engine = await EngineHarness.StartAsync();
        var created = await engine.SendAsync(s => s.Send(new CreateProfile("Acme")));
        var before = await engine.QueryDbAsync(db => db.AuditEntries.CountAsync());

        await Assert.ThrowsAsync<RequestValidationException>(() =>
            engine.SendAsync(s => s.Send(Update(created) with { AnalyzeUserActivityFrom = EngineHarness.Start.AddDays(1) })));

        Assert.Equal(before, await engine.QueryDbAsync(db => db.AuditEntries.CountAsync()));
    }

    [Fact]
    public async Task A_missing_profile_is_not_found()
    {
        await using var engine = await EngineHarness.StartAsync();

        var missing = await Assert.ThrowsAsync<RequestNotFoundException>(() => engine.SendAsync(s => s.Send(new GetProfile(Guid.NewGuid()))));

        Assert.Equal("ProfileId", missing.Field);
    }

    public static UpdateProfile Update(ProfileView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        return new UpdateProfile(view.Id, view.Version, view.DisplayName, view.DownloadSubscriptions, view.DownloadActivity, view.ReclaimSubscriptions,
            view.AnalyzeUserActivityFrom);
    }

    private static async Task<Exception?> Attempt(EngineHarness engine, UpdateProfile update)
    {
        try
        {
            await engine.SendAsync(s => s.Send(update));
            return null;
        }
        catch (Exception e)
        {
            return e;
        }
    }
}
