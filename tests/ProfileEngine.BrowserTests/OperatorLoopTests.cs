using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using ProfileEngine.Host.Simulator;
using ProfileEngine.Tests.Support;
using ProfileEngine.Users;
using static Microsoft.Playwright.Assertions;

namespace ProfileEngine.BrowserTests;

/// <summary>
/// The operator's day in Chromium against the real host and its embedded simulator: sign in, create a profile,
/// connect through the simulator's consent page, validate, publish (confirming) and see the two jobs, run now and
/// see the job results, the subscriptions and the run's activity log. And a read-only user is offered no operator or
/// reviewer action, is kept out of operator pages, and signs out; a reviewer is offered the queue's actions.
/// </summary>
public sealed class OperatorLoopTests(Browser browser) : IClassFixture<Browser>
{
    private const string Password = "browser tests password";

    [Fact]
    public async Task An_operator_signs_in_creates_connects_validates_publishes_and_runs_a_profile_from_the_browser()
    {
        await using var host = await StartHostAsync();
        await host.CreateUserAsync("ada", Password, [EngineRoles.Admin, EngineRoles.Operator]);
        var (context, shots) = await browser.NewPageAsync(host.Address, nameof(An_operator_signs_in_creates_connects_validates_publishes_and_runs_a_profile_from_the_browser));
        await using var _ = context;
        var page = shots.Page;

        await SignInAsync(page, shots, "ada");
        await Expect(page).ToHaveURLAsync(new Regex("/ui/profiles$"));
        await shots.TakeAsync("profiles-empty");

        await page.GetByRole(AriaRole.Link, new() { Name = "New", Exact = true }).ClickAsync();
        await page.GetByLabel("Display name").FillAsync("Acme Webex");
        await shots.TakeAsync("profile-new");
        await page.GetByRole(AriaRole.Button, new() { Name = "Submit" }).ClickAsync();
        await Expect(page.Locator("#status")).ToHaveTextAsync("Draft");
        var profileUrl = page.Url;
        await shots.TakeAsync("profile-draft");

        // Connect the alias the check boxes chose, through the simulator's consent page.
        var simulator = host.App.Services.GetRequiredService<EmbeddedSimulator>().BaseUrl!;
        using var http = new HttpClient();
        var org = await http.GetFromJsonAsync<JsonObject>(new Uri(new Uri(simulator), "_sim/org"));
        var clientSecret = org!["clientSecret"]!.GetValue<string>();
        await page.GetByRole(AriaRole.Link, new() { Name = "connection", Exact = true }).ClickAsync();
        await page.GetByLabel("Base URL").FillAsync(simulator);
        await page.GetByLabel("Client id").FillAsync(org["clientId"]!.GetValue<string>());
        await page.GetByLabel("Client secret or bearer token").FillAsync(clientSecret);
        await page.GetByRole(AriaRole.Button, new() { Name = "Save details" }).ClickAsync();
        await Expect(page.Locator("[role=status]")).ToContainTextAsync("Connection details saved.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Connect" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Accept" })).ToBeVisibleAsync();
        await shots.TakeAsync("simulator-consent");
        await page.GetByRole(AriaRole.Button, new() { Name = "Accept" }).ClickAsync();
        await Expect(page.Locator("#connection-state")).ToHaveTextAsync("Connected");
        await Expect(page.Locator("#granted-scopes")).ToContainTextAsync("spark-admin:licenses_read");
        Assert.DoesNotContain(clientSecret, await page.ContentAsync(), StringComparison.Ordinal);
        await shots.TakeAsync("connection-connected");

        await page.GotoAsync(profileUrl);
        await page.GetByRole(AriaRole.Button, new() { Name = "Validate Connection" }).ClickAsync();
        await Expect(page.Locator("#validation-result")).ToHaveTextAsync("Passed");
        await Expect(page.Locator("#validation-checks tbody tr")).Not.ToHaveCountAsync(0);
        await shots.TakeAsync("profile-validated");

        await page.GetByRole(AriaRole.Link, new() { Name = "Publish" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Publish Acme Webex?");
        await shots.TakeAsync("publish-confirmation");
        await page.GetByRole(AriaRole.Button, new() { Name = "Publish" }).ClickAsync();
        await Expect(page.Locator("#status")).ToHaveTextAsync("Published");
        await Expect(page.Locator("#scheduled-jobs tbody tr")).ToHaveCountAsync(2);
        await Expect(page.Locator("#scheduled-jobs")).ToContainTextAsync("SAM - Refresh Acme Webex Subscriptions");
        await Expect(page.Locator("#scheduled-jobs")).ToContainTextAsync("SAM - Refresh Acme Webex Activity");
        await shots.TakeAsync("profile-published");

        // Run now: the page answers at once and reloads itself until the run has ended.
        var subscriptionsJob = page.Locator("#scheduled-jobs tbody tr", new() { HasText = "Subscriptions" });
        await subscriptionsJob.GetByRole(AriaRole.Button, new() { Name = "Run now" }).ClickAsync();
        await Expect(page.Locator("[role=status]")).ToContainTextAsync("SAM - Refresh Acme Webex Subscriptions started");
        var finished = page.Locator("#job-results-table tbody tr", new() { HasText = "run-now" }).Filter(new() { HasText = "Succeeded" });
        await Expect(finished.First).ToBeVisibleAsync(new() { Timeout = 90_000 });
        await Expect(page.Locator("#subscriptions tbody tr").First).ToBeVisibleAsync();
        await Expect(page.Locator("#software-models tbody tr").First).ToBeVisibleAsync();
        await shots.TakeAsync("profile-job-results-and-subscriptions");

        await finished.First.GetByRole(AriaRole.Link, new() { Name = "log" }).ClickAsync();
        await Expect(page.Locator("#instance-status")).ToHaveTextAsync("Finished");
        await Expect(page.Locator("#executions")).ToContainTextAsync("ProfileEngine.Webex.DownloadSubscriptions");
        await shots.TakeAsync("job-result-activity-log");
    }

    [Fact]
    public async Task A_read_only_user_sees_no_operator_or_reviewer_action_is_turned_away_from_operator_pages_and_signs_out()
    {
        await using var host = await StartHostAsync();
        await host.CreateUserAsync("rita", Password, [EngineRoles.ReadOnly]);
        await host.CreateUserAsync("rex", Password, [EngineRoles.Reviewer]);
        using var api = host.CreateClient();
        using var created = await api.PostAsJsonAsync(new Uri("profiles", UriKind.Relative), new { displayName = "Acme" });
        var id = (await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<Guid>();
        var (context, shots) = await browser.NewPageAsync(host.Address, nameof(A_read_only_user_sees_no_operator_or_reviewer_action_is_turned_away_from_operator_pages_and_signs_out));
        await using var _ = context;
        var page = shots.Page;

        await SignInAsync(page, shots, "rita");
        await page.GetByRole(AriaRole.Link, new() { Name = "Acme" }).ClickAsync();
        await Expect(page.Locator("#status")).ToHaveTextAsync("Draft");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Validate Connection" })).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Publish" })).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Users" })).ToHaveCountAsync(0);
        await shots.TakeAsync("read-only-profile");

        foreach (var operatorPage in new[] { $"ui/profiles/{id}/publish", "ui/users", "ui/connections/callback?code=x&state=y" })
        {
            await page.GotoAsync(operatorPage);
            await Expect(page.Locator("h1")).ToHaveTextAsync("Not allowed");
        }

        await shots.TakeAsync("read-only-denied");

        // The reviewer's queue opens read-only: none of the reviewer's actions is offered.
        await page.GotoAsync("ui/candidates");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Removal candidates");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Reclaim selected" })).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Close Skipped selected" })).ToHaveCountAsync(0);
        await shots.TakeAsync("read-only-candidates");

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Sign in");
        await page.GotoAsync($"ui/profiles/{id}");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Sign in");

        // A reviewer, by contrast, is offered the queue's actions.
        await SignInAsync(page, shots, "rex");
        await page.GotoAsync("ui/candidates");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Reclaim selected" })).ToBeVisibleAsync();
        await shots.TakeAsync("reviewer-candidates");
    }

    private static async Task SignInAsync(IPage page, Screenshots shots, string userName)
    {
        await page.GotoAsync("ui/profiles");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Sign in");
        await page.GetByLabel("User name").FillAsync(userName);
        await page.GetByLabel("Password").FillAsync(Password);
        await shots.TakeAsync("sign-in");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Direct integration profiles");
    }

    private static Task<TestHost> StartHostAsync() => TestHost.StartAsync(new Dictionary<string, string?>
    {
        ["Urls"] = $"http://127.0.0.1:{Browser.FreePort()}",
        ["ProfileEngine:WebexSimulator:Urls"] = "http://127.0.0.1:0",
        ["ProfileEngine:WebexSimulator:Users"] = "150",
    });
}
