using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using ProfileEngine.WebexSimulator;
using ProfileEngine.WebexSimulator.OAuth;

namespace ProfileEngine.Tests.WebexSimulator;

public sealed class OAuthFlowTests
{
    private const string Scopes = "spark-admin:people_read spark-compliance:events_read";

    [Fact]
    public async Task Consent_accept_exchange_and_refresh_work_end_to_end()
    {
        await using var h = await SimulatorHarness.StartAsync();
        var org = h.Sim.Org;
        var redirect = org.RedirectUris[0];

        using var page = await h.Http.GetAsync(AuthorizeUrl(org.ClientId, redirect, "xyz"));
        var html = await page.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("spark-compliance:events_read", html, StringComparison.Ordinal);
        Assert.Contains("<form method=\"post\" action=\"/v1/authorize\">", html, StringComparison.Ordinal);

        var code = await AcceptAsync(h, redirect, "xyz", admin: "0");
        var token = await ExchangeCodeAsync(h, code, redirect);
        Assert.Equal(14 * 24 * 3600, token.GetProperty("expires_in").GetInt64());
        Assert.Equal(90 * 24 * 3600, token.GetProperty("refresh_token_expires_in").GetInt64());
        Assert.Equal("Bearer", token.GetProperty("token_type").GetString());
        var access = token.GetProperty("access_token").GetString()!;
        await h.GetJsonAsync("v1/people?max=1", access);

        // The code is single use.
        using (var again = await PostFormAsync(h, "v1/access_token", CodeForm(h, code, redirect)))
        {
            Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        }

        var oldRefresh = token.GetProperty("refresh_token").GetString()!;
        var refreshed = await RefreshAsync(h, oldRefresh);
        Assert.Equal(HttpStatusCode.OK, refreshed.Status);
        var newRefresh = refreshed.Body.GetProperty("refresh_token").GetString()!;
        Assert.NotEqual(oldRefresh, newRefresh);
        await h.GetJsonAsync("v1/people?max=1", refreshed.Body.GetProperty("access_token").GetString()!);

        // Rotation: the old refresh token is dead, the new one works.
        Assert.Equal(HttpStatusCode.BadRequest, (await RefreshAsync(h, oldRefresh)).Status);
        Assert.Equal(HttpStatusCode.OK, (await RefreshAsync(h, newRefresh)).Status);
    }

    [Fact]
    public async Task Without_rotation_the_same_refresh_token_keeps_working()
    {
        await using var h = await SimulatorHarness.StartAsync(new SimulatorOptions { Users = 50, RotateRefreshTokens = false });
        var issued = h.Sim.IssueToken(["spark-admin:people_read"]);
        var first = await RefreshAsync(h, issued.RefreshToken);
        Assert.Equal(issued.RefreshToken, first.Body.GetProperty("refresh_token").GetString());
        Assert.Equal(HttpStatusCode.OK, (await RefreshAsync(h, issued.RefreshToken)).Status);
    }

    [Fact]
    public async Task Codes_expire_after_five_minutes_on_the_simulator_clock()
    {
        await using var h = await SimulatorHarness.StartAsync(new SimulatorOptions { Users = 50 });
        var redirect = h.Sim.Org.RedirectUris[0];
        var code = await AcceptAsync(h, redirect, "s", admin: "0");
        await h.ControlAsync(HttpMethod.Put, "_sim/clock", new { advanceSeconds = 301 });
        using var response = await PostFormAsync(h, "v1/access_token", CodeForm(h, code, redirect));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Unknown_client_or_redirect_uri_is_refused_without_redirect()
    {
        await using var h = await SimulatorHarness.StartAsync(new SimulatorOptions { Users = 50 });
        var org = h.Sim.Org;

        using var unknownClient = await h.Http.GetAsync(AuthorizeUrl("Cnot-a-client", org.RedirectUris[0], "s"));
        Assert.Equal(HttpStatusCode.BadRequest, unknownClient.StatusCode);
        Assert.Null(unknownClient.Headers.Location);
        Assert.Contains("Unknown client_id", await unknownClient.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var unknownRedirect = await h.Http.GetAsync(AuthorizeUrl(org.ClientId, "http://evil.example/cb", "s"));
        Assert.Equal(HttpStatusCode.BadRequest, unknownRedirect.StatusCode);
        Assert.Null(unknownRedirect.Headers.Location);
        Assert.Contains("is not registered", await unknownRedirect.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var post = await PostFormAsync(h, "v1/authorize", new Dictionary<string, string>
        {
            ["client_id"] = org.ClientId, ["redirect_uri"] = org.RedirectUris[0] + "/x", ["response_type"] = "code", ["scope"] = Scopes,
        });
        Assert.Equal(HttpStatusCode.BadRequest, post.StatusCode);
        Assert.Null(post.Headers.Location);
    }

    [Fact]
    public async Task Token_carries_the_signed_in_admins_roles()
    {
        await using var h = await SimulatorHarness.StartAsync(new SimulatorOptions { Users = 50 });
        var redirect = h.Sim.Org.RedirectUris[0];

        var complianceAdmin = await ExchangeCodeAsync(h, await AcceptAsync(h, redirect, "a", admin: "0"), redirect);
        await h.GetJsonAsync("v1/events?max=1", complianceAdmin.GetProperty("access_token").GetString()!);

        var plainAdmin = await ExchangeCodeAsync(h, await AcceptAsync(h, redirect, "b", admin: "1"), redirect);
        using var denied = await h.GetAsync("v1/events?max=1", plainAdmin.GetProperty("access_token").GetString()!);
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        var body = await SimulatorHarness.ReadJsonAsync(denied);
        Assert.Equal(Access.ForbiddenMessage, body.GetProperty("message").GetString());
    }

    private static string AuthorizeUrl(string clientId, string redirect, string state) =>
        QueryHelpers.AddQueryString("v1/authorize", new Dictionary<string, string?>
        {
            ["client_id"] = clientId, ["response_type"] = "code", ["redirect_uri"] = redirect, ["scope"] = Scopes, ["state"] = state,
        });

    private static async Task<string> AcceptAsync(SimulatorHarness h, string redirect, string state, string admin)
    {
        using var response = await PostFormAsync(h, "v1/authorize", new Dictionary<string, string>
        {
            ["client_id"] = h.Sim.Org.ClientId, ["redirect_uri"] = redirect, ["response_type"] = "code",
            ["scope"] = Scopes, ["state"] = state, ["admin"] = admin, ["decision"] = "accept",
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.ToString();
        Assert.StartsWith(redirect + "?", location, StringComparison.Ordinal);
        var query = QueryHelpers.ParseQuery(new Uri(location).Query);
        Assert.Equal(state, query["state"].ToString());
        return query["code"].ToString();
    }

    private static Dictionary<string, string> CodeForm(SimulatorHarness h, string code, string redirect) => new()
    {
        ["grant_type"] = "authorization_code", ["client_id"] = h.Sim.Org.ClientId, ["client_secret"] = h.Sim.Org.ClientSecret,
        ["code"] = code, ["redirect_uri"] = redirect,
    };

    private static async Task<JsonElement> ExchangeCodeAsync(SimulatorHarness h, string code, string redirect)
    {
        using var response = await PostFormAsync(h, "v1/access_token", CodeForm(h, code, redirect));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await SimulatorHarness.ReadJsonAsync(response);
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> RefreshAsync(SimulatorHarness h, string refreshToken)
    {
        using var response = await PostFormAsync(h, "v1/access_token", new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token", ["client_id"] = h.Sim.Org.ClientId, ["client_secret"] = h.Sim.Org.ClientSecret,
            ["refresh_token"] = refreshToken,
        });
        return (response.StatusCode, await SimulatorHarness.ReadJsonAsync(response));
    }

    private static async Task<HttpResponseMessage> PostFormAsync(SimulatorHarness h, string url, Dictionary<string, string> form)
    {
        using var content = new FormUrlEncodedContent(form);
        return await h.Http.PostAsync(url, content);
    }
}
