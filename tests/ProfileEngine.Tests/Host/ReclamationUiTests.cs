using System.Net;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ProfileEngine.Connectors.Webex;
using ProfileEngine.Messaging;
using ProfileEngine.Persistence;
using ProfileEngine.Profiles;
using ProfileEngine.Reclamation;
using ProfileEngine.Subscriptions;
using ProfileEngine.Tests.Support;
using ProfileEngine.Users;

namespace ProfileEngine.Tests.Host;

/// <summary>The reviewer's pages and the dashboard on the real host, and the holder's page without sign-in.</summary>
public sealed class ReclamationUiTests
{
    private const string Password = "a long enough password";

    [Fact]
    public async Task A_reviewer_closes_a_candidate_from_the_queue_and_an_operator_may_look_but_not_decide()
    {
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?> { ["ProfileEngine:WebexSimulator:Enabled"] = "false" });
        var number = await SeedCandidateAsync(host);
        await host.CreateUserAsync("rita", Password, [EngineRoles.Reviewer]);
        await host.CreateUserAsync("otto", Password, [EngineRoles.Operator]);

        using var operatorUi = await UiSession.SignInAsync(host.Address, "otto", Password);
        var operatorQueue = await operatorUi.GetPageAsync("ui/candidates");
        using var refused = await operatorUi.PostFormAsync("ui/candidates", "ui/candidates?handler=Decide&action=CloseSkipped", new() { ["Selected"] = number });

        using var reviewerUi = await UiSession.SignInAsync(host.Address, "rita", Password);
        var queue = await reviewerUi.GetPageAsync("ui/candidates");
        using var decided = await reviewerUi.PostFormAsync("ui/candidates", "ui/candidates?handler=Decide&action=CloseSkipped", new() { ["Selected"] = number, ["Note"] = "still needed for the audit" });
        await host.WaitForBackgroundRunsAsync();
        var page = await reviewerUi.GetPageAsync($"ui/candidates/{number}");

        Assert.Contains(number, operatorQueue, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"Selected\"", operatorQueue, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.StartsWith("/ui/denied", refused.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        Assert.Contains("name=\"Selected\"", queue, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, decided.StatusCode);
        Assert.Contains("Closed Skipped", page, StringComparison.Ordinal);
        Assert.Contains("still needed for the audit", page, StringComparison.Ordinal);
        Assert.Contains("rita", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_dashboard_draws_its_chart_on_the_server_and_the_holders_page_needs_no_sign_in()
    {
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?> { ["ProfileEngine:WebexSimulator:Enabled"] = "false" });
        await SeedCandidateAsync(host);
        await host.CreateUserAsync("reader", Password, [EngineRoles.ReadOnly]);

        using var ui = await UiSession.SignInAsync(host.Address, "reader", Password);
        var dashboard = await ui.GetPageAsync("ui/dashboard");
        using var anonymous = host.CreateAnonymousClient();
        using var holder = await anonymous.GetAsync(new Uri("answer/not-a-token", UriKind.Relative));

        Assert.Contains("<svg", dashboard, StringComparison.Ordinal);
        Assert.Contains("Subscriptions by days since last meaningful activity", dashboard, StringComparison.Ordinal);
        Assert.DoesNotContain("Reconcile now", dashboard, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, holder.StatusCode);
        Assert.Contains("This link is not valid", await holder.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_admin_excludes_a_user_from_the_profile_page_and_the_subscription_is_marked_at_once()
    {
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?> { ["ProfileEngine:WebexSimulator:Enabled"] = "false" });
        await SeedCandidateAsync(host);
        await host.CreateUserAsync("ada", Password, [EngineRoles.Admin]);
        var profileId = await QueryAsync(host, db => db.IntegrationProfiles.Select(p => p.Id).SingleAsync());

        using var ui = await UiSession.SignInAsync(host.Address, "ada", Password);
        using var saved = await ui.PostFormAsync($"ui/profiles/{profileId}", $"ui/profiles/{profileId}?handler=ExcludeUser", new()
        {
            ["ExcludedUser"] = "PAT@example.com", ["ExclusionReason"] = "on parental leave",
        });
        using var refused = await ui.PostFormAsync($"ui/profiles/{profileId}", $"ui/profiles/{profileId}?handler=ExcludeUser", new() { ["ExcludedUser"] = "not an email" });
        var page = await ui.GetPageAsync($"ui/profiles/{profileId}");

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Contains("on parental leave", page, StringComparison.Ordinal);
        Assert.True(await QueryAsync(host, db => db.SoftwareSubscriptions.Select(s => s.Excluded).SingleAsync()));
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("UserPrincipalName", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_profile_page_shows_how_long_activity_is_known_and_what_a_longer_rule_cannot_propose_yet()
    {
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?> { ["ProfileEngine:WebexSimulator:Enabled"] = "false" });
        await SeedCandidateAsync(host);
        await host.CreateUserAsync("reader", Password, [EngineRoles.ReadOnly]);
        var profileId = await QueryAsync(host, db => db.IntegrationProfiles.Select(p => p.Id).SingleAsync());
        await using (var scope = host.App.Services.CreateAsyncScope())
        {
            var sender = scope.ServiceProvider.GetRequiredService<ISender>();
            var rule = (await sender.Send(new ListReclamationRules(profileId))).Single();
            await sender.Send(new UpdateReclamationRule(rule.Id, rule.Version, new ReclamationRuleSettings(rule.Name, LastActivityThresholdDays: 120)));
        }

        using var ui = await UiSession.SignInAsync(host.Address, "reader", Password);
        var page = await ui.GetPageAsync($"ui/profiles/{profileId}");

        Assert.Contains("id=\"activity-coverage\"", page, StringComparison.Ordinal);
        Assert.Contains("<td>Webex Calling</td>", page, StringComparison.Ordinal);
        Assert.Contains("<td>90</td>", page, StringComparison.Ordinal);
        Assert.Contains("Webex Calling activity is known for 90 days; 120-day candidates need 30 more days of history or a longer look-back", page, StringComparison.Ordinal);
    }

    private static async Task<T> QueryAsync<T>(TestHost host, Func<ProfileEngineDbContext, Task<T>> query)
    {
        await using var db = await host.App.Services.GetRequiredService<IDbContextFactory<ProfileEngineDbContext>>().CreateDbContextAsync();
        return await query(db);
    }

    /// <summary>A profile with one stale paid subscription, evaluated into one Ready candidate.</summary>
    internal static async Task<string> SeedCandidateAsync(TestHost host)
    {
        var services = host.App.Services;
        await using var scope = services.CreateAsyncScope();
        var sender = scope.ServiceProvider.GetRequiredService<ISender>();
        var profile = await sender.Send(new CreateProfile("Acme Webex", DownloadActivity: false, ReclaimSubscriptions: false));
        await sender.Send(new CreateReclamationRule(profile.Id, null, new ReclamationRuleSettings("Unused")));
        var clock = services.GetRequiredService<TimeProvider>();
        var now = clock.GetUtcNow();
        await using (var db = await services.GetRequiredService<IDbContextFactory<ProfileEngineDbContext>>().CreateDbContextAsync())
        {
            var model = new SoftwareModel { Id = Guid.NewGuid(), ProfileType = WebexConnector.ProfileType, Publisher = "Cisco", Product = "Webex Calling", Edition = "Professional", UnitPrice = 120, CreatedAt = now, UpdatedAt = now };
            db.SoftwareModels.Add(model);
            db.SoftwareSubscriptions.Add(new SoftwareSubscription
            {
                ProfileId = profile.Id, ExternalUserId = "person-1", UserPrincipalName = "pat@example.com", DisplayName = "Pat Example",
                Identifier = "license-1", ModelId = model.Id, Active = true, LastActivity = now.AddDays(-100), FirstSeenAt = now.AddDays(-200), UpdatedAt = now,
            });

            // As the activity subflow records it after reading 90 days of Webex Calling activity.
            db.ActivityCoverages.Add(new ProfileEngine.UserActivity.ActivityCoverage { ProfileId = profile.Id, Product = "Webex Calling", CoveredFrom = now.AddDays(-90), CoveredUntil = now, UpdatedAt = now });
            await db.SaveChangesAsync();
        }

        var evaluation = await sender.Send(new EvaluateReclamationRules(profile.Id, StartFlows: false));
        Assert.Equal(1, evaluation.Created);
        var page = await sender.Send(new ListRemovalCandidates(profile.Id));
        return Assert.Single(page.Items).Number;
    }
}
