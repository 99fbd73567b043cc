using System.Net;
using ProfileEngine.Connectors.Webex;

namespace ProfileEngine.Tests.Connectors.Webex;

public sealed class WebexTokenRefreshTests
{
    [Fact]
    public async Task An_expired_token_is_refreshed_once_the_new_tokens_go_to_the_callback_and_the_call_succeeds()
    {
        await using var harness = await WebexTestHarness.StartAsync(rotateRefreshTokens: true);
        var original = harness.Connection.Tokens;
        await harness.ExpireAccessTokensAsync();

        var roles = await harness.Client.ListRolesAsync();

        Assert.NotEmpty(roles);
        var refreshed = Assert.Single(harness.RefreshedTokens);
        Assert.NotEqual(original.AccessToken, refreshed.AccessToken);
        Assert.NotEqual(original.RefreshToken, refreshed.RefreshToken);
        Assert.Equal(WebexTestHarness.Start.AddDays(14), refreshed.AccessTokenExpiresAt);
        Assert.Equal(refreshed, harness.Client.CurrentTokens);
        var requests = await harness.GetRequestsAsync();
        Assert.Equal(1, requests.CountOf("/v1/access_token"));
        Assert.Equal([401, 200], requests.To("/v1/roles").Select(r => r.Status));
    }

    [Fact]
    public async Task Without_rotation_the_same_refresh_token_is_handed_back_to_be_stored()
    {
        await using var harness = await WebexTestHarness.StartAsync(rotateRefreshTokens: false);
        await harness.ExpireAccessTokensAsync();

        await harness.Client.ListRolesAsync();

        var refreshed = Assert.Single(harness.RefreshedTokens);
        Assert.Equal(harness.Connection.Tokens.RefreshToken, refreshed.RefreshToken);
        Assert.NotEqual(harness.Connection.Tokens.AccessToken, refreshed.AccessToken);
    }

    [Fact]
    public async Task Concurrent_calls_that_meet_an_expired_token_share_one_refresh()
    {
        await using var harness = await WebexTestHarness.StartAsync();
        await harness.ExpireAccessTokensAsync();

        await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => harness.Client.ListRolesAsync()));

        Assert.Single(harness.RefreshedTokens);
        Assert.Equal(1, (await harness.GetRequestsAsync()).CountOf("/v1/access_token"));
    }

    [Fact]
    public async Task The_token_is_refreshed_ahead_of_its_known_expiry_without_a_401()
    {
        await using var harness = await WebexTestHarness.StartAsync(configure: o => o.RefreshBeforeExpiry = TimeSpan.FromMinutes(10));
        harness.Clock.Advance(TimeSpan.FromDays(14) - TimeSpan.FromMinutes(5));

        await harness.Client.ListRolesAsync();

        Assert.Single(harness.RefreshedTokens);
        var requests = await harness.GetRequestsAsync();
        Assert.Equal(1, requests.CountOf("/v1/access_token"));
        Assert.Equal([200], requests.To("/v1/roles").Select(r => r.Status));
    }

    [Fact]
    public async Task A_revoked_refresh_token_gives_a_clear_error_after_exactly_one_refresh_attempt()
    {
        await using var harness = await WebexTestHarness.StartAsync(rotateRefreshTokens: true);
        await harness.ExpireAccessTokensAsync();
        await harness.Client.ListRolesAsync();

        // Rotation revoked the original refresh token; a client still holding it (e.g. a stale copy) must fail cleanly.
        var stale = harness.CreateClient(harness.Connection);
        await harness.ExpireAccessTokensAsync();
        await harness.ClearRequestsAsync();

        var error = await Assert.ThrowsAsync<WebexAuthenticationException>(() => stale.ListRolesAsync());

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Equal("/v1/access_token", error.Path);
        Assert.Contains("re-authorize", error.Message, StringComparison.Ordinal);
        Assert.Contains("refresh token is invalid or expired", error.Message, StringComparison.Ordinal);
        var requests = await harness.GetRequestsAsync();
        Assert.Equal(1, requests.CountOf("/v1/access_token"));
        Assert.Equal(1, requests.CountOf("/v1/roles"));
        Assert.Single(harness.RefreshedTokens);
    }

    [Fact]
    public async Task A_second_401_after_a_successful_refresh_is_a_clear_authentication_error()
    {
        await using var harness = await WebexTestHarness.StartAsync();
        await harness.ScriptFaultsAsync(new { pathPrefix = "/v1/roles", kind = "status", status = 401, times = 5 });

        var error = await Assert.ThrowsAsync<WebexAuthenticationException>(() => harness.Client.ListRolesAsync());

        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
        Assert.Contains("again right after refreshing", error.Message, StringComparison.Ordinal);
        var requests = await harness.GetRequestsAsync();
        Assert.Equal(2, requests.CountOf("/v1/roles"));
        Assert.Equal(1, requests.CountOf("/v1/access_token"));
    }
}
