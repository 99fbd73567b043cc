using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ProfileEngine.Tests.Support;
using ProfileEngine.Users;

namespace ProfileEngine.Tests.Host;

/// <summary>
/// The web UI on the real host: sign-in with the cookie, forms that need their antiforgery token, pages and actions
/// refused to roles that lack them, and the API refusing the UI's cookie.
/// </summary>
public sealed class WebUiTests
{
    private const string Password = "a long enough password";

    [Fact]
    public async Task An_admin_signs_in_creates_a_profile_through_the_form_and_sees_it_listed()
    {
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?> { ["ProfileEngine:WebexSimulator:Enabled"] = "false" });
        await host.CreateUserAsync("ada", Password, [EngineRoles.Admin]);
        using var anonymous = new UiSession(host.Address);
        using var toSignIn = await anonymous.GetAsync("ui/profiles");
        using var wrong = new UiSession(host.Address);
        using var refused = await wrong.PostFormAsync("ui/sign-in", "ui/sign-in", new() { ["UserName"] = "ada", ["Password"] = "not the password" });

        using var ui = await UiSession.SignInAsync(host.Address, "ada", Password);
        using var saved = await ui.PostFormAsync("ui/profiles/new", "ui/profiles/new?handler=Save", new()
        {
            ["Form.DisplayName"] = "Acme Webex",
            ["Form.DownloadActivity"] = "false",
            ["Form.ReclaimSubscriptions"] = "false",
        });
        var list = await ui.GetPageAsync("ui/profiles");
        var profile = await ui.GetPageAsync(saved.Headers.Location!.OriginalString.TrimStart('/'));
        using var blank = await ui.PostFormAsync("ui/profiles/new", "ui/profiles/new?handler=Save", new() { ["Form.DisplayName"] = "" });

        Assert.Equal(HttpStatusCode.Redirect, toSignIn.StatusCode);
        Assert.StartsWith("/ui/sign-in", toSignIn.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("The user name or the password is wrong.", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Contains("Acme Webex", list, StringComparison.Ordinal);
        Assert.Contains("<span id=\"status\">Draft</span>", profile, StringComparison.Ordinal);
        Assert.Contains("webex_subscription<", profile, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, blank.StatusCode);
        Assert.Contains("DisplayName", await blank.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_admin_creates_a_user_with_a_generated_password_and_changes_roles_on_the_users_page()
    {
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?> { ["ProfileEngine:WebexSimulator:Enabled"] = "false" });
        await host.CreateUserAsync("ada", Password, [EngineRoles.Admin]);
        using var ui = await UiSession.SignInAsync(host.Address, "ada", Password);

        using var created = await ui.PostFormAsync("ui/users", "ui/users", new() { ["UserName"] = "sam", ["Roles"] = EngineRoles.ReadOnly });
        var page = await created.Content.ReadAsStringAsync();
        var password = System.Text.RegularExpressions.Regex.Match(page, "shown only this once: <code class=\"secret\">(?<p>[^<]+)</code>").Groups["p"].Value;
        using var changed = await ui.PostFormAsync("ui/users", "ui/users?handler=Roles&userName=sam", new() { ["Roles"] = EngineRoles.Operator });
        using var sam = await UiSession.SignInAsync(host.Address, "sam", password);
        using var api = host.CreateClient();
        var listed = await api.GetStringAsync(new Uri("users", UriKind.Relative));

        Assert.True(password.Length >= 20, page);
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        Assert.Contains("\"userName\":\"sam\",\"roles\":[\"sam_operator\"]", listed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_form_posted_without_its_antiforgery_token_is_refused()
    {
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?> { ["ProfileEngine:WebexSimulator:Enabled"] = "false" });
        await host.CreateUserAsync("ada", Password, [EngineRoles.Admin]);
        using var ui = await UiSession.SignInAsync(host.Address, "ada", Password);

        using var forged = await ui.PostWithoutTokenAsync("ui/profiles/new?handler=Save", new() { ["Form.DisplayName"] = "Forged" });

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.DoesNotContain("Forged", await ui.GetPageAsync("ui/profiles"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_read_only_user_sees_pages_but_cannot_publish_save_or_manage_users_and_the_api_ignores_the_cookie()
    {
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?> { ["ProfileEngine:WebexSimulator:Enabled"] = "false" });
        await host.CreateUserAsync("rita", Password, [EngineRoles.ReadOnly]);
        using var admin = host.CreateClient();
        using var created = await admin.PostAsJsonAsync(new Uri("profiles", UriKind.Relative), new { displayName = "Acme" });
        var id = (await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<Guid>();
        using var ui = await UiSession.SignInAsync(host.Address, "rita", Password);

        var profile = await ui.GetPageAsync($"ui/profiles/{id}");
        using var publishPage = await ui.GetAsync($"ui/profiles/{id}/publish");
        using var users = await ui.GetAsync("ui/users");
        using var save = await ui.PostFormAsync($"ui/profiles/{id}", $"ui/profiles/{id}?handler=Save", new() { ["Form.DisplayName"] = "Renamed", ["Form.Version"] = "1" });
        using var validate = await ui.PostFormAsync($"ui/profiles/{id}", $"ui/profiles/{id}?handler=Validate", []);
        using var apiWithCookie = await ui.GetAsync("profiles");

        Assert.Contains("Acme", profile, StringComparison.Ordinal);
        Assert.DoesNotContain("Validate Connection</button>", profile, StringComparison.Ordinal);
        foreach (var denied in new[] { publishPage, users, save, validate })
        {
            Assert.Equal(HttpStatusCode.Redirect, denied.StatusCode);
            Assert.StartsWith("/ui/denied", denied.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, apiWithCookie.StatusCode);
        Assert.Contains("\"displayName\":\"Acme\"", await admin.GetStringAsync(new Uri($"profiles/{id}", UriKind.Relative)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_pages_of_every_feature_render_for_a_reader_and_the_api_reference_lists_the_operations()
    {
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?> { ["ProfileEngine:WebexSimulator:Enabled"] = "false" });
        await host.CreateUserAsync("rita", Password, [EngineRoles.ReadOnly]);
        using var ui = await UiSession.SignInAsync(host.Address, "rita", Password);
        using var api = host.CreateClient();

        var connections = await ui.GetPageAsync("ui/connections");
        var workflows = await ui.GetPageAsync("ui/workflows");
        var reference = await ui.GetPageAsync("ui/api");
        var tokens = await ui.GetPageAsync("ui/tokens");
        var document = await api.GetFromJsonAsync<JsonObject>(new Uri("openapi/v1.json", UriKind.Relative));

        Assert.Contains("webex_subscription_activity_reclaim", connections, StringComparison.Ordinal);
        Assert.Contains("cisco-webex-download-subscriptions", workflows, StringComparison.Ordinal);
        Assert.Contains("/profiles/{id}/publish", reference, StringComparison.Ordinal);
        Assert.Contains("Personal API tokens of rita", tokens, StringComparison.Ordinal);
        Assert.True(document!["paths"]!.AsObject().ContainsKey("/profiles/{id}/publish"));
        Assert.Equal("bearer", document["components"]!["securitySchemes"]!["ApiToken"]!["scheme"]!.GetValue<string>());
        Assert.DoesNotContain(document["paths"]!.AsObject(), p => p.Key.StartsWith("/ui", StringComparison.Ordinal));
    }
}
