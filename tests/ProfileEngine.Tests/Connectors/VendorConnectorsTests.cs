using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ProfileEngine.Connections;
using ProfileEngine.Connectors;
using ProfileEngine.Connectors.Webex;
using ProfileEngine.Profiles;

namespace ProfileEngine.Tests.Connectors;

/// <summary>What the engine takes from the registered connectors: the type and subflows of new profiles, and the hosts it may call.</summary>
public sealed class VendorConnectorsTests
{
    private static readonly VendorConnector Scim = new(
        "SCIM application",
        "SCIM 2.0 application",
        new SubflowBindings("scim-download", "scim-activity", "scim-reclaim"),
        ["scim.example.com"],
        new ConnectorAliases("scim_application", ConnectorScopes.None),
        [ConnectionMethod.BearerToken],
        []);

    private static readonly IServiceProvider NoPorts = new ServiceCollection().BuildServiceProvider();

    [Fact]
    public void Without_a_connector_the_engine_says_which_call_is_missing()
    {
        var none = new VendorConnectors([], NoPorts);

        var missing = Assert.Throws<InvalidOperationException>(() => none.Default);

        Assert.Contains("No vendor connector is registered; the host must add one", missing.Message, StringComparison.Ordinal);
        Assert.Equal("the vendor", none.VendorOf(WebexConnector.ProfileType));
    }

    [Fact]
    public void With_no_configured_hosts_each_connectors_own_hosts_are_allowed_and_others_refused()
    {
        var policy = new VendorHostPolicy(Options.Create(new ConnectionOptions()), new VendorConnectors([WebexConnector.Descriptor, Scim], NoPorts));

        Assert.Null(policy.Refusal("https://webexapis.com/v1/people"));
        Assert.Null(policy.Refusal("https://scim.example.com/scim/v2/Users"));
        Assert.Contains("is not an allowed vendor host; allowed: webexapis.com, scim.example.com", policy.Refusal("https://evil.example.com/"), StringComparison.Ordinal);
    }

    [Fact]
    public void Configured_hosts_replace_the_connectors_own()
    {
        var options = new ConnectionOptions();
        options.AllowedHosts.Add("webex.internal.example.com");
        var policy = new VendorHostPolicy(Options.Create(options), new VendorConnectors([WebexConnector.Descriptor], NoPorts));

        Assert.Null(policy.Refusal("https://webex.internal.example.com/v1/people"));
        Assert.NotNull(policy.Refusal("https://webexapis.com/v1/people"));
    }

    [Fact]
    public async Task A_new_profile_gets_the_connectors_type_and_subflows()
    {
        await using var engine = await Support.EngineHarness.StartAsync();
        await Profiles.TestSubflows.ImportAllAsync(engine);

        var profile = await engine.SendAsync(s => s.Send(new CreateProfile("Acme")));

        Assert.Equal(WebexConnector.ProfileType, profile.ProfileType);
        Assert.Equal(WebexConnector.Descriptor.DefaultSubflows, profile.Subflows);
    }
}
