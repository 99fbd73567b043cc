using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using ProfileEngine.Connections;
using ProfileEngine.Connectors.Webex;
using ProfileEngine.Host.Simulator;
using ProfileEngine.Profiles;
using ProfileEngine.Tests.Support;
using ProfileEngine.Users;
using ProfileEngine.WebexSimulator.OAuth;
using ProfileEngine.Workflows.Persistence;
using ProfileEngine.Workflows.Runtime;
using static Microsoft.Playwright.Assertions;

namespace ProfileEngine.BrowserTests;

/// <summary>
/// The reviewer's and the license holder's side in Chromium against the real host and its embedded simulator: a
/// reviewer reclaims a candidate and the license is gone at the simulator; another candidate's holder answers Keep
/// through the link in the Webex notice (no sign-in) and the reviewer sees the keep request.
/// </summary>
public sealed partial class ReviewerAndHolderTests(Browser browser) : IClassFixture<Browser>
{
    private const string Password = "browser tests password";
    private static readonly string[] PeopleRead = ["spark-admin:people_read"];
    private static readonly string[] FullAdministrator = ["Full Administrator"];

    [Fact]
    public async Task A_reviewer_reclaims_a_candidate_and_a_holder_answers_Keep_through_the_notice_link()
    {
        var port = Browser.FreePort();
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?>
        {
            ["Urls"] = $"http://127.0.0.1:{port}",
            ["ProfileEngine:WebexSimulator:Urls"] = "http://127.0.0.1:0",
            ["ProfileEngine:WebexSimulator:Users"] = "150",
            ["ProfileEngine:Notices:PublicBaseUrl"] = $"http://127.0.0.1:{port}",
        });
        await host.CreateUserAsync("rex", Password, [EngineRoles.Reviewer]);
        var simulator = new Uri(host.App.Services.GetRequiredService<EmbeddedSimulator>().BaseUrl!);
        var (first, second) = await PrepareCandidatesAsync(host, simulator);
        var (context, shots) = await browser.NewPageAsync(host.Address, nameof(A_reviewer_reclaims_a_candidate_and_a_holder_answers_Keep_through_the_notice_link));
        await using var _ = context;
        var page = shots.Page;

        await page.GotoAsync("ui/candidates");
        await page.GetByLabel("User name").FillAsync("rex");
        await page.GetByLabel("Password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.GotoAsync("ui/candidates");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Removal candidates");
        await shots.TakeAsync("queue");

        // Reclaim: the rule asks the holder first, so the first candidate waits for its holder's answer...
        await page.GetByRole(AriaRole.Link, new() { Name = first.Number, Exact = true }).ClickAsync();
        await page.GetByLabel("Work note").First.FillAsync("no meetings since spring");
        await page.GetByRole(AriaRole.Button, new() { Name = "Reclaim", Exact = true }).ClickAsync();
        await Expect(page.Locator("h1")).ToContainTextAsync("Awaiting User");
        await shots.TakeAsync("candidate-awaiting-user");

        // ...who answers Remove on the page the notice links to: the license goes at once.
        await AnswerAsync(page, shots, await NoticeLinkAsync(simulator, first.ExternalUserId), "No, remove it", "remove");
        await host.WaitForBackgroundRunsAsync(); // the answer is recorded at once; the node's dispatcher removes the license
        Assert.False(await HoldsAsync(simulator, first.ExternalUserId, first.Identifier));
        await page.GotoAsync($"ui/candidates/{first.Number}");
        await Expect(page.Locator("h1")).ToContainTextAsync("Closed Complete");
        await shots.TakeAsync("candidate-reclaimed");

        // The second holder answers Keep: the reviewer now decides a keep request, and the license stays.
        await page.GotoAsync($"ui/candidates/{second.Number}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Reclaim", Exact = true }).ClickAsync();
        await Expect(page.Locator("h1")).ToContainTextAsync("Awaiting User");
        var keepLink = await NoticeLinkAsync(simulator, second.ExternalUserId);
        var holder = await context.Browser!.NewContextAsync(new() { ViewportSize = new() { Width = 390, Height = 844 } });
        await using (holder)
        {
            var phone = new Screenshots(await holder.NewPageAsync(), Path.Combine(shots.Folder, "holder-phone"));
            await AnswerAsync(phone.Page, phone, keepLink, "Yes, keep it", "keep");
            await phone.Page.GotoAsync(keepLink);
            await Expect(phone.Page.Locator("p").First).ToContainTextAsync("You already answered: Keep");
        }

        await page.GotoAsync($"ui/candidates/{second.Number}");
        await Expect(page.Locator("h1")).ToContainTextAsync("Awaiting Approval");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Approve Keep" })).ToBeVisibleAsync();
        await shots.TakeAsync("candidate-keep-request");
        Assert.True(await HoldsAsync(simulator, second.ExternalUserId, second.Identifier));
    }

    private static async Task AnswerAsync(IPage page, Screenshots shots, string link, string button, string name)
    {
        await page.GotoAsync(link);
        await Expect(page.Locator("h1")).ToContainTextAsync("Do you still need your");
        await shots.TakeAsync($"holder-question-{name}");
        await page.GetByRole(AriaRole.Button, new() { Name = button }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Thank you");
        await shots.TakeAsync($"holder-answered-{name}");
    }

    /// <summary>A connected profile with a rule that asks the holder, its download and activity run: two Ready candidates.</summary>
    private static async Task<(CandidateRow First, CandidateRow Second)> PrepareCandidatesAsync(TestHost host, Uri simulator)
    {
        using var api = host.CreateClient();
        using var http = new HttpClient();
        var org = await http.GetFromJsonAsync<JsonObject>(new Uri(simulator, "_sim/org"));
        const string alias = WebexAliases.SubscriptionActivityReclaim;
        var redirect = $"{host.Address.ToString().TrimEnd('/')}/connections/oauth/callback";
        (await api.PutAsJsonAsync(new Uri($"connections/{alias}", UriKind.Relative), new
        {
            baseUrl = simulator.ToString(), clientId = org!["clientId"]!.GetValue<string>(), clientSecret = org["clientSecret"]!.GetValue<string>(), redirectUri = redirect,
        })).EnsureSuccessStatusCode();
        using var connect = await api.PostAsync(new Uri($"connections/{alias}/connect", UriKind.Relative), null);
        var authorize = (await connect.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonObject>())!["authorizeUrl"]!.GetValue<string>();
        var (_, code, state) = await ConsentClient.AcceptAsync(new Uri(authorize));
        (await api.GetAsync(new Uri($"connections/oauth/callback?code={Uri.EscapeDataString(code)}&state={Uri.EscapeDataString(state)}", UriKind.Relative))).EnsureSuccessStatusCode();

        using var created = await api.PostAsJsonAsync(new Uri("profiles", UriKind.Relative), new { displayName = "Acme Webex" });
        var profileId = (await created.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<Guid>();
        (await api.PostAsJsonAsync(new Uri("reclamation-rules", UriKind.Relative), new
        {
            profileId, settings = new { name = "Ask first", notifyUser = true, daysBeforeAutoReclamation = 7 },
        })).EnsureSuccessStatusCode();

        var runtime = host.App.Services.GetRequiredService<IWorkflowRuntime>();
        foreach (var definition in new[] { WebexSubflows.Download, WebexSubflows.Activity })
        {
            var run = await runtime.StartAsync(definition, new JsonObject { ["profileId"] = profileId.ToString() }, profileId.ToString());
            Assert.True(run.Status == WorkflowStatus.Finished, $"{definition} ended {run.Status}: {run.FaultMessage}");
        }

        var page = await api.GetFromJsonAsync<JsonObject>(new Uri($"candidates?profileId={profileId}&state=Ready", UriKind.Relative));
        var items = page!["items"]!.AsArray().Select(i => new CandidateRow(
            i!["number"]!.GetValue<string>(), i["externalUserId"]!.GetValue<string>(), i["identifier"]!.GetValue<string>())).ToList(); // newest first, as the queue shows them
        Assert.True(items.Count >= 2, "the simulated org has stale licenses");
        return (items[0], items[1]);
    }

    private static async Task<string> NoticeLinkAsync(Uri simulator, string personId)
    {
        using var http = new HttpClient();
        var messages = (await http.GetFromJsonAsync<JsonObject>(new Uri(simulator, "_sim/messages")))!["items"]!.AsArray();
        var notice = messages.Last(m => m!["toPersonId"]?.GetValue<string>() == personId)!;
        var link = NoticeLink().Match(notice["markdown"]!.GetValue<string>());
        Assert.True(link.Success, "the notice carries the Keep/Remove links");
        return link.Groups["url"].Value;
    }

    private static async Task<bool> HoldsAsync(Uri simulator, string personId, string licenseId)
    {
        using var http = new HttpClient();
        using var issued = await http.PostAsJsonAsync(new Uri(simulator, "_sim/tokens"), new { scopes = PeopleRead, roles = FullAdministrator });
        var token = (await issued.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonObject>())!["access_token"]!.GetValue<string>();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(simulator, $"v1/people/{personId}"));
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request);
        var person = await response.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonObject>();
        return person!["licenses"]!.AsArray().Any(l => l!.GetValue<string>() == licenseId);
    }

    private sealed record CandidateRow(string Number, string ExternalUserId, string Identifier);

    [GeneratedRegex(@"\((?<url>http://[^)\s]+/answer/[A-Za-z0-9_\-]+\?answer=Keep)\)")]
    private static partial Regex NoticeLink();
}
