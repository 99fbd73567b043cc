using System.Net;
using ProfileEngine.WebexSimulator;
using ProfileEngine.WebexSimulator.OAuth;

namespace ProfileEngine.Tests.WebexSimulator;

public sealed class AccessControlTests
{
    private const string InvalidToken = "The request requires a valid access token set in the Authorization request header.";

    private static readonly string[] RolesScope = ["spark-admin:roles_read"];

    [Fact]
    public async Task Unknown_token_gets_401_with_the_real_body_and_tracking_id()
    {
        await using var h = await SimulatorHarness.StartAsync(new SimulatorOptions { Users = 20 });
        using var response = await h.GetAsync("v1/people", "not-a-token");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var body = await SimulatorHarness.ReadJsonAsync(response);
        Assert.Equal(InvalidToken, body.GetProperty("message").GetString());
        Assert.Equal(InvalidToken, body.GetProperty("errors")[0].GetProperty("description").GetString());
        var tracking = response.Headers.GetValues("Trackingid").Single();
        Assert.Equal(tracking, body.GetProperty("trackingId").GetString());
    }

    [Fact]
    public async Task Token_expires_when_the_clock_passes_its_lifetime_and_refresh_still_works()
    {
        await using var h = await SimulatorHarness.StartAsync(new SimulatorOptions { Users = 20 });
        var issued = h.Sim.IssueToken(["spark-admin:people_read"]);
        await h.GetJsonAsync("v1/people", issued.AccessToken);

        await h.ControlAsync(HttpMethod.Put, "_sim/clock", new { advanceSeconds = (14 * 24 * 3600) + 1 });
        using var expired = await h.GetAsync("v1/people", issued.AccessToken);
        Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
        Assert.Equal(InvalidToken, (await SimulatorHarness.ReadJsonAsync(expired)).GetProperty("message").GetString());

        Assert.NotNull(h.Sim.State.Tokens.Refresh(issued.RefreshToken));
    }

    [Fact]
    public async Task Expire_now_kills_live_access_tokens_only()
    {
        await using var h = await SimulatorHarness.StartAsync(new SimulatorOptions { Users = 20 });
        var issued = h.Sim.IssueToken(["spark-admin:people_read"]);
        await h.ControlAsync(HttpMethod.Post, "_sim/tokens/expire");
        using var expired = await h.GetAsync("v1/people", issued.AccessToken);
        Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);

        var fresh = h.Sim.State.Tokens.Refresh(issued.RefreshToken);
        Assert.NotNull(fresh);
        await h.GetJsonAsync("v1/people", fresh.AccessToken);
    }

    [Fact]
    public async Task Control_api_issues_tokens_with_a_chosen_lifetime()
    {
        await using var h = await SimulatorHarness.StartAsync(new SimulatorOptions { Users = 20 });
        var token = await h.ControlAsync(HttpMethod.Post, "_sim/tokens", new { scopes = RolesScope, expiresInSeconds = 60 });
        Assert.Equal(60, token.GetProperty("expires_in").GetInt64());
        var access = token.GetProperty("access_token").GetString()!;
        await h.GetJsonAsync("v1/roles", access);
        await h.ControlAsync(HttpMethod.Put, "_sim/clock", new { advanceSeconds = 61 });
        using var response = await h.GetAsync("v1/roles", access);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("v1/people", "spark-admin:people_read")]
    [InlineData("v1/licenses", "spark-admin:licenses_read")]
    [InlineData("v1/roles", "spark-admin:roles_read")]
    [InlineData("v1/organizations", "spark-admin:organizations_read")]
    [InlineData("v1/events", "spark-compliance:events_read")]
    [InlineData("v1/meetings?meetingType=meeting", "meeting:admin_schedule_read")]
    [InlineData("v1/adminAudit/events", "audit:events_read")]
    public async Task Missing_scope_gets_the_real_403_and_the_scope_alone_lets_the_call_through(string url, string scope)
    {
        await using var h = await SimulatorHarness.StartAsync(new SimulatorOptions { Users = 20 });
        using var denied = await h.GetAsync(url, h.Token("spark:people_read"));
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        var body = await SimulatorHarness.ReadJsonAsync(denied);
        Assert.Equal(Access.ForbiddenMessage, body.GetProperty("message").GetString());
        Assert.Equal(Access.ForbiddenMessage, body.GetProperty("errors")[0].GetProperty("description").GetString());
        Assert.StartsWith("ROUTER_", body.GetProperty("trackingId").GetString(), StringComparison.Ordinal);

        using var allowed = await h.GetAsync(url, h.Token(scope));
        Assert.NotEqual(HttpStatusCode.Forbidden, allowed.StatusCode);
    }

    [Fact]
    public async Task Write_calls_need_people_write()
    {
        await using var h = await SimulatorHarness.StartAsync(new SimulatorOptions { Users = 20 });
        var reader = h.Token("spark-admin:people_read");
        using var patch = await h.SendJsonAsync(HttpMethod.Patch, "v1/licenses/users", new { email = h.Sim.Org.AdminEmail, licenses = Array.Empty<object>() }, reader);
        Assert.Equal(HttpStatusCode.Forbidden, patch.StatusCode);
        Assert.Contains(Access.ForbiddenMessage, await patch.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var written = await h.SendJsonAsync(HttpMethod.Patch, "v1/licenses/users", new { email = h.Sim.Org.AdminEmail, licenses = Array.Empty<object>() }, h.Token("spark-admin:people_write"));
        Assert.NotEqual(HttpStatusCode.Forbidden, written.StatusCode);
    }

    [Fact]
    public async Task Events_need_the_compliance_officer_role()
    {
        await using var h = await SimulatorHarness.StartAsync(new SimulatorOptions { Users = 20 });
        var withoutRole = h.Sim.IssueToken(["spark-compliance:events_read"], roles: ["Full Administrator"]).AccessToken;
        using var denied = await h.GetAsync("v1/events", withoutRole);
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        Assert.Contains(Access.ForbiddenMessage, await denied.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await h.GetJsonAsync("v1/events", h.Token("spark-compliance:events_read"));
    }
}
