using ProfileEngine.WebexSimulator;
using ProfileEngine.WebexSimulator.Clock;
using ProfileEngine.WebexSimulator.OAuth;

namespace ProfileEngine.Host.Simulator;

/// <summary>
/// The host's embedded vendor simulator is the Webex simulator: the one file of the host that knows its types. The
/// connector cannot carry this, since it must not depend on the simulator project.
/// </summary>
public static class WebexSimulatorRegistration
{
    /// <summary>
    /// Registers the simulator <see cref="EmbeddedSimulator"/> starts (when <see cref="EmbeddedSimulatorOptions.Enabled"/>)
    /// and the <c>demo</c> verb uses, and the engine's clock: the simulator's settable one when they share it.
    /// </summary>
    /// <returns>Whether the embedded simulator is enabled (the engine then lets connections call loopback hosts).</returns>
    public static bool AddEmbeddedWebexSimulator(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var section = builder.Configuration.GetSection(EmbeddedSimulatorOptions.Section);
        var shareClock = section.GetValue<bool>(nameof(EmbeddedSimulatorOptions.ShareClockWithEngine));
        builder.Services.AddSingleton(shareClock ? new SimulatorClock(TimeProvider.System) : TimeProvider.System);
        builder.Services.AddSingleton<IVendorSimulator, WebexVendorSimulator>();
        builder.Services.AddEmbeddedSimulator();
        return section.GetValue<bool>(nameof(EmbeddedSimulatorOptions.Enabled));
    }

    private sealed class WebexVendorSimulator : IVendorSimulator
    {
        public async Task<IRunningVendorSimulator> StartAsync(VendorSimulatorSettings settings, CancellationToken cancellationToken)
        {
            var defaults = new SimulatorOptions();
            var server = await WebexSimulatorServer.StartAsync(
                new SimulatorOptions
                {
                    Users = settings.Users,
                    Seed = settings.Seed,
                    Urls = settings.Urls ?? defaults.Urls,
                    RedirectUris = [.. defaults.RedirectUris, .. settings.RedirectUris],
                    Clock = settings.Clock,
                },
                cancellationToken);
            return new Running(server, settings.Users);
        }
    }

    private sealed class Running(WebexSimulatorServer server, int users) : IRunningVendorSimulator
    {
        public string BaseUrl => server.BaseUrl;

        public string AccountId => server.Org.OrgId;

        public string ClientId => server.Org.ClientId;

        public string ClientSecret => server.Org.ClientSecret;

        public string Description =>
            $"Webex org {server.Org.OrgId}, {users} people, OAuth client {server.Org.ClientId} (secret: GET {server.BaseUrl}_sim/org)";

        public async Task<(string Code, string State)> ConsentAsync(Uri authorizeUrl, CancellationToken cancellationToken)
        {
            var (_, code, state) = await ConsentClient.AcceptAsync(authorizeUrl, cancellationToken: cancellationToken);
            return (code, state);
        }

        public ValueTask DisposeAsync() => server.DisposeAsync();
    }
}
