using System.Net;
using Microsoft.EntityFrameworkCore;
using ProfileEngine.Connections;
using ProfileEngine.Connectors.Webex.Connections;
using ProfileEngine.Connectors.Webex;
using ProfileEngine.Messaging;
using ProfileEngine.Persistence;
using ProfileEngine.Tests.Support;

namespace ProfileEngine.Tests.Connections;

/// <summary>The OAuth authorization-code flow against the simulator over loopback: Connect, consent, callback, refresh.</summary>
public sealed class ConnectFlowTests
{
    private const string Alias = WebexAliases.SubscriptionActivityReclaim;

    [Fact]
    public async Task Connect_stores_encrypted_tokens_with_expiry_granted_scopes_and_the_org_id()
    {
        await using var org = await ConnectedOrg.StartAsync();

        var status = await org.ConnectAsync();

        Assert.Equal("Connected", status.Status);
        Assert.Equal(org.Sim.Org.OrgId, status.OrgId);
        Assert.Equal(WebexAliases.ScopesFor(true, true, false, false).Split(' '), status.GrantedScopes);
        Assert.Empty(status.MissingScopes);
        Assert.Equal(EngineHarness.Start.AddDays(14), status.AccessTokenExpiresAt);
        Assert.Equal(EngineHarness.Start.AddDays(90), status.RefreshTokenExpiresAt);
        Assert.Equal(CurrentOperator.LocalOperator, status.ConnectedBy);

        var stored = await org.Engine.QueryDbAsync(db => db.Connections.SingleAsync());
        var protector = org.Engine.Get<SecretProtector>();
        var accessToken = protector.Unprotect(stored.ProtectedAccessToken!);
        var refreshToken = protector.Unprotect(stored.ProtectedRefreshToken!);

        // The stored token is the one Webex issued: it works against the simulator.
        using var http = new HttpClient { BaseAddress = new Uri(org.Sim.BaseUrl) };
        using var me = new HttpRequestMessage(HttpMethod.Get, "v1/people/me");
        me.Headers.Authorization = new("Bearer", accessToken);
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(me)).StatusCode);

        // ...and neither it, the refresh token nor the client secret is in the database in clear.
        var dump = await DatabaseDump.AllRowsAsync(org.Engine.Data.File(PersistenceServiceCollectionExtensions.DatabaseFileName));
        var raw = DatabaseDump.RawFiles(org.Engine.Data.File(PersistenceServiceCollectionExtensions.DatabaseFileName));
        foreach (var secret in new[] { accessToken, refreshToken, org.Sim.Org.ClientSecret })
        {
            Assert.DoesNotContain(secret, dump, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, raw, StringComparison.Ordinal);
        }

        Assert.Contains(stored.ProtectedAccessToken!, dump, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refresh_before_expiry_stores_the_rotated_refresh_token()
    {
        await using var org = await ConnectedOrg.StartAsync();
        await org.ConnectAsync();
        var protector = org.Engine.Get<SecretProtector>();
        var before = await org.Engine.QueryDbAsync(db => db.Connections.SingleAsync());
        var firstRefreshToken = protector.Unprotect(before.ProtectedRefreshToken!);

        // Five minutes before the 14-day access token runs out, the client refreshes ahead of its next call.
        org.Engine.Clock.Advance(TimeSpan.FromDays(14) - TimeSpan.FromMinutes(5));
        var client = await org.Engine.Get<ConnectedWebexClients>().CreateAsync(Alias, CancellationToken.None);
        var me = await client.GetPersonAsync("me");
        Assert.Equal(org.Sim.Org.OrgId, me.OrgId);

        var after = await org.Engine.QueryDbAsync(db => db.Connections.SingleAsync());
        var storedRefreshToken = protector.Unprotect(after.ProtectedRefreshToken!);
        Assert.NotEqual(firstRefreshToken, storedRefreshToken);
        Assert.Equal(client.CurrentTokens.RefreshToken, storedRefreshToken);
        Assert.Equal(client.CurrentTokens.AccessToken, protector.Unprotect(after.ProtectedAccessToken!));
        Assert.Equal(org.Engine.Clock.GetUtcNow().AddDays(14), after.AccessTokenExpiresAt);
        Assert.Equal(org.Engine.Clock.GetUtcNow(), after.TokensRefreshedAt);

        // The old refresh token is dead at Webex: only the stored one keeps the connection alive.
        Assert.Equal(HttpStatusCode.BadRequest, await RefreshStatusAsync(org, firstRefreshToken));

        var audit = await org.Engine.QueryDbAsync(db => db.AuditEntries.Where(a => a.Action == nameof(StoreRefreshedTokens)).ToListAsync());
        var row = Assert.Single(audit);
        Assert.Equal(CurrentOperator.System, row.Actor);
        Assert.DoesNotContain(storedRefreshToken, row.After!, StringComparison.Ordinal);

        // A client built later from the database works with what was stored.
        var later = await org.Engine.Get<ConnectedWebexClients>().CreateAsync(Alias, CancellationToken.None);
        Assert.Equal(org.Sim.Org.OrgId, (await later.GetPersonAsync("me")).OrgId);
    }

    [Fact]
    public async Task A_used_state_cannot_be_replayed()
    {
        await using var org = await ConnectedOrg.StartAsync();
        await org.SetDetailsAsync();
        var (code, state) = await org.AuthorizeAsync();
        await org.Engine.SendAsync(s => s.Send(new CompleteConnect(state, code)));

        var replay = await Assert.ThrowsAsync<RequestValidationException>(() =>
            org.Engine.SendAsync(s => s.Send(new CompleteConnect(state, code))));

        Assert.Contains("already used", replay.Errors["State"].Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_expired_state_is_refused_and_changes_nothing()
    {
        await using var org = await ConnectedOrg.StartAsync();
        await org.SetDetailsAsync();
        var (code, state) = await org.AuthorizeAsync();

        org.Engine.Clock.Advance(TimeSpan.FromMinutes(10));
        var refused = await Assert.ThrowsAsync<RequestValidationException>(() =>
            org.Engine.SendAsync(s => s.Send(new CompleteConnect(state, code))));

        Assert.Contains("expired", refused.Errors["State"].Single(), StringComparison.Ordinal);
        var connection = await org.Engine.QueryDbAsync(db => db.Connections.SingleAsync());
        Assert.Equal(ConnectionStatus.NotConnected, connection.Status);
        Assert.Null(connection.ProtectedAccessToken);
    }

    [Fact]
    public async Task A_state_is_accepted_just_before_it_expires()
    {
        await using var org = await ConnectedOrg.StartAsync();
        await org.SetDetailsAsync();
        var (code, state) = await org.AuthorizeAsync();

        org.Engine.Clock.Advance(TimeSpan.FromMinutes(4));
        var status = await org.Engine.SendAsync(s => s.Send(new CompleteConnect(state, code)));

        Assert.Equal("Connected", status.Status);
    }

    [Fact]
    public async Task A_state_started_for_one_alias_cannot_complete_another()
    {
        await using var org = await ConnectedOrg.StartAsync();
        await org.SetDetailsAsync();
        var (code, state) = await org.AuthorizeAsync();

        var refused = await Assert.ThrowsAsync<RequestValidationException>(() =>
            org.Engine.SendAsync(s => s.Send(new CompleteConnect(state, code, WebexAliases.Subscription))));

        Assert.Contains($"started for the alias '{Alias}', not '{WebexAliases.Subscription}'", refused.Errors["State"].Single(), StringComparison.Ordinal);
        // Refused before it was burnt: the operator's own callback still completes.
        var status = await org.Engine.SendAsync(s => s.Send(new CompleteConnect(state, code, Alias)));
        Assert.Equal("Connected", status.Status);
    }

    [Fact]
    public async Task A_state_started_by_one_operator_cannot_be_completed_by_another()
    {
        await using var org = await ConnectedOrg.StartAsync();
        await org.SetDetailsAsync();
        var (code, state) = await org.AuthorizeAsync(operatorName: "alice");

        var refused = await Assert.ThrowsAsync<RequestValidationException>(() =>
            org.Engine.SendAsync(s => s.Send(new CompleteConnect(state, code)), operatorName: "mallory"));

        Assert.Contains("another operator", refused.Errors["State"].Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_state_is_refused()
    {
        await using var org = await ConnectedOrg.StartAsync();
        await org.SetDetailsAsync();
        var (code, _) = await org.AuthorizeAsync();

        var refused = await Assert.ThrowsAsync<RequestValidationException>(() =>
            org.Engine.SendAsync(s => s.Send(new CompleteConnect(OAuthState.New(), code))));

        Assert.Contains("unknown", refused.Errors["State"].Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_the_hash_of_the_state_is_stored_and_the_authorize_url_carries_the_alias_scopes()
    {
        await using var org = await ConnectedOrg.StartAsync();
        await org.SetDetailsAsync(WebexAliases.Subscription);

        var started = await org.Engine.SendAsync(s => s.Send(new StartConnect(WebexAliases.Subscription)));

        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(started.AuthorizeUrl.Query);
        Assert.StartsWith(org.Sim.BaseUrl + "v1/authorize?", started.AuthorizeUrl.AbsoluteUri, StringComparison.Ordinal);
        Assert.Equal("spark-admin:licenses_read spark-admin:people_read", query["scope"].ToString());
        Assert.Equal(ConnectedOrg.Redirect, query["redirect_uri"].ToString());
        Assert.Equal("code", query["response_type"].ToString());
        var state = query["state"].ToString();
        Assert.True(state.Length >= 43, "the state carries 256 random bits");
        var pending = await org.Engine.QueryDbAsync(db => db.OAuthAuthorizations.SingleAsync());
        Assert.Equal(OAuthState.Hash(state), pending.StateHash);
        Assert.Equal(EngineHarness.Start.AddMinutes(10), pending.ExpiresAt);
        Assert.Equal(started.ExpiresAt, pending.ExpiresAt);
        var dump = await DatabaseDump.AllRowsAsync(org.Engine.Data.File(PersistenceServiceCollectionExtensions.DatabaseFileName));
        Assert.DoesNotContain(state, dump, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_code_Webex_refuses_burns_the_state_and_leaves_the_connection_unconnected()
    {
        await using var org = await ConnectedOrg.StartAsync();
        await org.SetDetailsAsync();
        var (_, state) = await org.AuthorizeAsync();

        var refused = await Assert.ThrowsAsync<WebexAuthenticationException>(() =>
            org.Engine.SendAsync(s => s.Send(new CompleteConnect(state, "not-a-code-webex-issued"))));

        Assert.Contains("refused the authorization code", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(org.Sim.Org.ClientSecret, refused.ToString(), StringComparison.Ordinal);
        var pending = await org.Engine.QueryDbAsync(db => db.OAuthAuthorizations.SingleAsync());
        Assert.NotNull(pending.UsedAt);
        Assert.Equal(ConnectionStatus.NotConnected, (await org.Engine.QueryDbAsync(db => db.Connections.SingleAsync())).Status);
    }

    private static async Task<HttpStatusCode> RefreshStatusAsync(ConnectedOrg org, string refreshToken)
    {
        using var http = new HttpClient { BaseAddress = new Uri(org.Sim.BaseUrl) };
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token", ["client_id"] = org.Sim.Org.ClientId, ["client_secret"] = org.Sim.Org.ClientSecret,
            ["refresh_token"] = refreshToken,
        });
        using var response = await http.PostAsync(new Uri("v1/access_token", UriKind.Relative), form);
        return response.StatusCode;
    }
}
