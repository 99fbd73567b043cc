using ProfileEngine.Connections;
using ProfileEngine.Tests.Support;
using ProfileEngine.WebexSimulator;
using ProfileEngine.Connectors.Webex;

namespace ProfileEngine.Tests.Connections;

/// <summary>An engine and a Webex simulator on loopback that share one fake clock.</summary>
public sealed class ConnectedOrg : IAsyncDisposable
{
    public const string Redirect = "http://127.0.0.1:5999/connections/oauth/callback";

    private ConnectedOrg(EngineHarness engine, WebexSimulatorServer sim)
    {
        Engine = engine;
        Sim = sim;
    }

    public EngineHarness Engine { get; }

    public WebexSimulatorServer Sim { get; }

    public static async Task<ConnectedOrg> StartAsync()
    {
        var engine = await EngineHarness.StartAsync();
        try
        {
            var sim = await WebexSimulatorServer.StartAsync(new SimulatorOptions { Users = 40, Clock = engine.Clock, RedirectUris = [Redirect] });
            return new ConnectedOrg(engine, sim);
        }
        catch
        {
            await engine.DisposeAsync();
            throw;
        }
    }

    public Task<ConnectionStatusView> SetDetailsAsync(string alias = WebexAliases.SubscriptionActivityReclaim) =>
        Engine.SendAsync(s => s.Send(new SetConnectionDetails(alias, Sim.BaseUrl, Sim.Org.ClientId, Sim.Org.ClientSecret, Redirect)));

    /// <summary>Start Connect, accept on the consent page: the code and state the callback would receive.</summary>
    public async Task<(string Code, string State)> AuthorizeAsync(
        string alias = WebexAliases.SubscriptionActivityReclaim, string operatorName = "local-operator", string admin = "0", Func<string, string>? grant = null)
    {
        var started = await Engine.SendAsync(s => s.Send(new StartConnect(alias)), operatorName);
        var (_, code, state) = await SimulatorConsent.AcceptAsync(started.AuthorizeUrl, admin, grant);
        return (code, state);
    }

    /// <summary>Details, consent and callback: a connected alias.</summary>
    public async Task<ConnectionStatusView> ConnectAsync(string alias = WebexAliases.SubscriptionActivityReclaim, string admin = "0", Func<string, string>? grant = null)
    {
        await SetDetailsAsync(alias);
        var (code, state) = await AuthorizeAsync(alias, admin: admin, grant: grant);
        return await Engine.SendAsync(s => s.Send(new CompleteConnect(state, code)));
    }

    public async ValueTask DisposeAsync()
    {
        await Sim.DisposeAsync();
        await Engine.DisposeAsync();
    }
}
