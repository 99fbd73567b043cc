using System.Net;
using ProfileEngine.Connectors.Scim;
using ProfileEngine.Tests.Support;
using ProfileEngine.Users;
using ProfileEngine.WebexSimulator.ScimApp;

namespace ProfileEngine.Tests.Host;

/// <summary>
/// A SCIM 2.0 application set up entirely through the web UI of the real host: the profile type chosen on the form,
/// the connection signed in with a bearer token (no consent page), and the connector's settings edited on the profile.
/// </summary>
public sealed class ScimConnectorUiTests
{
    private const string Password = "a long enough password";

    [Fact]
    public async Task An_admin_creates_a_scim_profile_signs_its_connection_in_with_a_token_and_edits_its_settings_on_the_pages()
    {
        // An embedded simulator lets connections use loopback hosts, where the SCIM app runs (on a free port, like the simulator).
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?>
        {
            ["ProfileEngine:WebexSimulator:Enabled"] = "true",
            ["ProfileEngine:WebexSimulator:Urls"] = "http://127.0.0.1:0",
            ["ProfileEngine:WebexSimulator:Users"] = "10",
        });
        await using var sim = await ScimSimulatorServer.StartAsync(new ScimAppOptions { Users = 5 });
        await host.CreateUserAsync("ada", Password, [EngineRoles.Admin, EngineRoles.Operator]);
        using var ui = await UiSession.SignInAsync(host.Address, "ada", Password);
        const string alias = ScimConnector.AliasPrefix + "_activity_reclaim";

        var newForm = await ui.GetPageAsync("ui/profiles/new");
        using var saved = await ui.PostFormAsync("ui/profiles/new", "ui/profiles/new?handler=Save", new()
        {
            ["Form.DisplayName"] = "Acme SCIM",
            ["Form.ProfileType"] = ScimConnector.ProfileType,
            ["Form.DownloadActivity"] = "true",
            ["Form.ReclaimSubscriptions"] = "true",
        });
        var profilePath = saved.Headers.Location!.OriginalString.TrimStart('/');
        var aliasPage = await ui.GetPageAsync($"ui/connections/{alias}");
        using var details = await ui.PostFormAsync($"ui/connections/{alias}", $"ui/connections/{alias}?handler=Details", new()
        {
            ["BaseUrl"] = sim.ScimBaseUrl,
            ["Method"] = "BearerToken",
            ["ClientSecret"] = sim.State.Options.BearerToken,
        });
        using var connect = await ui.PostFormAsync($"ui/connections/{alias}", $"ui/connections/{alias}?handler=Connect", []);
        var connected = await ui.GetPageAsync($"ui/connections/{alias}");
        var profile = await ui.GetPageAsync(profilePath);
        var version = System.Text.RegularExpressions.Regex.Match(profile, "name=\"Form.Version\" value=\"(?<v>\\d+)\"").Groups["v"].Value;
        using var update = await ui.PostFormAsync(profilePath, profilePath + "?handler=Save", new()
        {
            ["Form.Version"] = version,
            ["Form.DisplayName"] = "Acme SCIM",
            ["Form.DownloadActivity"] = "true",
            ["Form.ReclaimSubscriptions"] = "true",
            ["Form.Settings[licenseSource]"] = "roles",
            ["Form.Settings[activityAttribute]"] = ScimSchemas.Activity + ":" + ScimSchemas.LastLoginAttribute,
        });
        var updated = await ui.GetPageAsync(profilePath);

        Assert.Contains($"<option>{ScimConnector.ProfileType}</option>", newForm, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Contains("<option value=\"BearerToken\"", aliasPage, StringComparison.Ordinal);
        Assert.DoesNotContain("<option value=\"AuthorizationCode\"", aliasPage, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, connect.StatusCode);
        Assert.Contains("<td id=\"connection-state\">Connected</td>", connected, StringComparison.Ordinal);
        Assert.Contains("<td id=\"connection-method\">BearerToken</td>", connected, StringComparison.Ordinal);
        Assert.DoesNotContain(sim.State.Options.BearerToken, connected, StringComparison.Ordinal);
        Assert.Contains($"<span id=\"profile-type\">{ScimConnector.ProfileType}</span>", profile, StringComparison.Ordinal);
        Assert.Contains($"{alias}<", profile, StringComparison.Ordinal);
        Assert.Contains("id=\"connector-settings\"", profile, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, update.StatusCode);
        Assert.Contains("<option selected=\"selected\">roles</option>", updated, StringComparison.Ordinal);
    }
}
