using Microsoft.EntityFrameworkCore;
using ProfileEngine.Connections;
using ProfileEngine.Connectors;
using ProfileEngine.Connectors.Scim;
using ProfileEngine.Connectors.Webex;
using ProfileEngine.Messaging;
using ProfileEngine.Profiles;
using ProfileEngine.Tests.Support;
using ProfileEngine.WebexSimulator.ScimApp;

namespace ProfileEngine.Tests.Connectors.Scim;

/// <summary>Signing a SCIM connection in, and what a SCIM profile accepts, against the SCIM app simulator over loopback HTTP.</summary>
public sealed class ScimConnectionTests
{
    private const string Alias = ScimOrg.Alias;

    [Fact]
    public async Task Client_credentials_buy_a_token_and_a_new_one_when_it_expires_which_is_stored()
    {
        await using var engine = await EngineHarness.StartAsync();
        await using var sim = await ScimSimulatorServer.StartAsync(new ScimAppOptions { Users = 10, Clock = engine.Clock });
        await engine.SendAsync(s => s.Send(new SetConnectionDetails(
            Alias, sim.ScimBaseUrl, sim.State.Options.ClientId, sim.State.Options.ClientSecret, null, ConnectionMethod.ClientCredentials, sim.TokenUrl)));

        var signedIn = await engine.SendAsync(s => s.Send(new SignInWithCredentials(Alias)));

        Assert.Equal(("Connected", "ClientCredentials"), (signedIn.Status, signedIn.Method));
        Assert.Equal(engine.Clock.GetUtcNow() + sim.State.Options.AccessTokenLifetime, signedIn.AccessTokenExpiresAt);
        engine.Clock.Advance(TimeSpan.FromHours(2));
        var client = await engine.Get<ProfileEngine.Connectors.Scim.Connections.ConnectedScimClients>().CreateAsync(Alias, CancellationToken.None);
        var page = await client.ListUsersAsync(1, 5, null, ScimSettings.Entitlements, null, CancellationToken.None);

        Assert.Equal(10, page.TotalResults);
        Assert.Equal(2, sim.State.Requests.Snapshot().Count(r => r.Method == "POST" && r.Path == "/oauth/token"));
        var status = await engine.SendAsync(s => s.Send(new GetConnectionStatus(Alias)));
        Assert.Equal(engine.Clock.GetUtcNow() + sim.State.Options.AccessTokenLifetime, status.AccessTokenExpiresAt);
        Assert.NotNull(status.TokensRefreshedAt);
    }

    [Fact]
    public async Task A_wrong_bearer_token_is_refused_with_the_apps_answer_and_the_connection_stays_unconnected()
    {
        await using var engine = await EngineHarness.StartAsync();
        await using var sim = await ScimSimulatorServer.StartAsync(new ScimAppOptions { Users = 3, Clock = engine.Clock });
        const string wrong = "not-the-token-3f9a";
        await engine.SendAsync(s => s.Send(new SetConnectionDetails(Alias, sim.ScimBaseUrl, null, wrong, null, ConnectionMethod.BearerToken)));

        var refused = await Assert.ThrowsAnyAsync<VendorCallException>(() => engine.SendAsync(s => s.Send(new SignInWithCredentials(Alias))));

        Assert.StartsWith("The SCIM application answered 401 to GET Users", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(wrong, refused.Message, StringComparison.Ordinal);
        Assert.Equal("NotConnected", (await engine.SendAsync(s => s.Send(new GetConnectionStatus(Alias)))).Status);
        Assert.DoesNotContain(engine.Logs.Lines, l => l.Contains(wrong, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Each_connector_accepts_only_its_own_sign_in_methods_and_connect_says_which_command_to_use()
    {
        await using var engine = await EngineHarness.StartAsync();

        var webexBearer = await Assert.ThrowsAsync<RequestValidationException>(() => engine.SendAsync(s => s.Send(new SetConnectionDetails(
            WebexAliases.Subscription, "https://webexapis.com/", null, "token", null, ConnectionMethod.BearerToken))));
        var scimCode = await Assert.ThrowsAsync<RequestValidationException>(() => engine.SendAsync(s => s.Send(new SetConnectionDetails(
            Alias, "https://127.0.0.1:1/scim/v2/", "client", "secret", "https://127.0.0.1:1/cb", ConnectionMethod.AuthorizationCode))));
        var noTokenUrl = await Assert.ThrowsAsync<RequestValidationException>(() => engine.SendAsync(s => s.Send(new SetConnectionDetails(
            Alias, "https://127.0.0.1:1/scim/v2/", "client", "secret", null, ConnectionMethod.ClientCredentials))));

        Assert.Equal("The Webex connector signs in with AuthorizationCode, not BearerToken.", webexBearer.Errors["Method"].Single());
        Assert.Equal("The SCIM application connector signs in with BearerToken or ClientCredentials, not AuthorizationCode.", scimCode.Errors["Method"].Single());
        Assert.Contains("TokenUrl", noTokenUrl.Errors.Keys);

        await engine.SendAsync(s => s.Send(new SetConnectionDetails(Alias, "https://127.0.0.1:1/scim/v2/", null, "token", null, ConnectionMethod.BearerToken)));
        var browser = await Assert.ThrowsAsync<RequestValidationException>(() => engine.SendAsync(s => s.Send(new StartConnect(Alias))));
        Assert.Contains($"signs in with BearerToken, not in the browser; use Sign in (POST /connections/{Alias}/sign-in)", browser.Errors["Alias"].Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_scim_profile_takes_the_scim_aliases_and_refuses_settings_the_connector_does_not_have_naming_each()
    {
        await using var engine = await EngineHarness.StartAsync();
        await engine.Get<ProfileEngine.Workflows.Loading.WorkflowDefinitionLoader>().LoadFolderAsync(RepositoryPaths.WorkflowsFolder, CancellationToken.None);

        var refused = await Assert.ThrowsAsync<RequestValidationException>(() => engine.SendAsync(s => s.Send(new CreateProfile(
            "Acme", ProfileType: ScimConnector.ProfileType,
            ConnectorSettings: new Dictionary<string, string> { ["licenceSource"] = "groups", [ScimSettings.ReclaimMode] = "delete" }))));
        var unknownType = await Assert.ThrowsAsync<RequestValidationException>(() => engine.SendAsync(s => s.Send(new CreateProfile("Acme", ProfileType: "Zoom"))));
        var created = await engine.SendAsync(s => s.Send(new CreateProfile(
            "Acme", ProfileType: ScimConnector.ProfileType, ConnectorSettings: new Dictionary<string, string> { [ScimSettings.LicenseSource] = ScimSettings.Groups })));

        Assert.StartsWith("The SCIM 2.0 application connector has no setting 'licenceSource'; it has 'licenseSource', ", refused.Errors["ConnectorSettings.licenceSource"].Single(), StringComparison.Ordinal);
        Assert.Equal("'delete' is not a value of 'reclaimMode'; use one of 'remove', 'deactivate'.", refused.Errors["ConnectorSettings.reclaimMode"].Single());
        Assert.StartsWith("There is no connector for the profile type 'Zoom'", unknownType.Errors["ProfileType"].Single(), StringComparison.Ordinal);
        Assert.Equal((ScimConnector.ProfileType, Alias, ScimSubflows.Download), (created.ProfileType, created.ConnectionAlias, created.Subflows.Download));
        Assert.Equal(ScimSettings.Groups, created.ConnectorSettings[ScimSettings.LicenseSource]);
        var webexChild = await Assert.ThrowsAsync<RequestValidationException>(() => engine.SendAsync(s => s.Send(new CreateProfile(
            "Other", ProfileType: ScimConnector.ProfileType, ConnectionAlias: WebexAliases.SubscriptionActivityReclaim))));
        Assert.Contains("ConnectionAlias", webexChild.Errors.Keys);
    }

    [Fact]
    public async Task Group_membership_as_licenses_downloads_one_subscription_per_membership_and_reclaim_removes_the_member()
    {
        await using var org = await ScimOrg.StartAsync(new Dictionary<string, string>
        {
            [ScimSettings.LicenseSource] = ScimSettings.Groups,
            [ScimSettings.ActivityAttribute] = ScimOrg.LastLogin,
        });

        await org.RunAsync(ScimSubflows.Download);

        var active = org.Sim.State.Users().Where(u => u.Active).Select(u => u.Id).ToHashSet();
        var memberships = org.Sim.State.Groups().SelectMany(g => g.MemberIds.Where(active.Contains).Select(m => (m, g.Id))).ToHashSet();
        var pairs = await org.Engine.QueryDbAsync(db => db.SoftwareSubscriptions.Where(s => s.Active).Select(s => new { s.ExternalUserId, s.Identifier }).ToListAsync());
        Assert.NotEmpty(memberships);
        Assert.Equal(memberships, pairs.Select(p => (p.ExternalUserId, p.Identifier)).ToHashSet());

        await org.AddRuleAsync();
        await org.RunAsync(ScimSubflows.Activity);
        var candidate = (await org.CandidatesAsync())[0];
        await org.DecideAsync(candidate, ProfileEngine.Reclamation.CandidateAction.Reclaim);

        Assert.Equal(ProfileEngine.Reclamation.CandidateState.ClosedComplete, (await org.CandidateAsync(candidate.Id)).State);
        Assert.DoesNotContain(candidate.ExternalUserId, org.Sim.State.GetGroup(candidate.Identifier).MemberIds);
        Assert.Single(org.Sim.State.Requests.Snapshot(), r => r.Method == "PATCH" && r.Path == "/scim/v2/Groups/" + candidate.Identifier);
    }
}
