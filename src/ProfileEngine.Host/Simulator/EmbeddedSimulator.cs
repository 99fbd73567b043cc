using Microsoft.Extensions.Options;
using ProfileEngine.WebexSimulator;

namespace ProfileEngine.Host.Simulator;

/// <summary>
/// Starts the Webex simulator beside the engine when configuration asks for it (the default for a first run),
/// so the engine has a Webex org to work with on a machine with no internet.
/// </summary>
/// Its OAuth client is pre-registered with the engine's own callbacks (the UI's and the API's) on the host's URLs.
/// With <see cref="EmbeddedSimulatorOptions.ShareClockWithEngine"/> it runs on the engine's TimeProvider.
public sealed class EmbeddedSimulator(
    IOptions<EmbeddedSimulatorOptions> options, IConfiguration configuration, TimeProvider engineClock, ILogger<EmbeddedSimulator> logger)
    : IHostedService, IAsyncDisposable
{
    public const string UiCallbackPath = "/ui/connections/callback";
    public const string ApiCallbackPath = "/connections/oauth/callback";

    private WebexSimulatorServer? server;

    /// <summary>The running simulator's base URL, or null when it is disabled or not started yet.</summary>
    public string? BaseUrl => server?.BaseUrl;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            return;
        }

        if (!Uri.TryCreate(settings.Urls, UriKind.Absolute, out var url) || !url.IsLoopback)
        {
            throw new InvalidOperationException(
                $"{EmbeddedSimulatorOptions.Section}:Urls must be a loopback http URL such as http://127.0.0.1:5090, not '{settings.Urls}'.");
        }

        var defaults = new SimulatorOptions();
        var engineUrls = (configuration["Urls"] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        string[] redirectUris =
        [
            .. defaults.RedirectUris,
            .. engineUrls.SelectMany(engine => new[] { $"{engine.TrimEnd('/')}{UiCallbackPath}", $"{engine.TrimEnd('/')}{ApiCallbackPath}" }),
        ];
        server = await WebexSimulatorServer.StartAsync(
            new SimulatorOptions
            {
                Users = settings.Users,
                Seed = settings.Seed,
                Urls = settings.Urls,
                RedirectUris = redirectUris,
                Clock = settings.ShareClockWithEngine ? engineClock : null,
            },
            cancellationToken);
        logger.LogInformation(
            "Embedded Webex simulator at {BaseUrl}: org {OrgId}, {Users} people, OAuth client {ClientId} (secret: GET {BaseUrl}_sim/org).",
            server.BaseUrl, server.Org.OrgId, settings.Users, server.Org.ClientId, server.BaseUrl);
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync();

    public async ValueTask DisposeAsync()
    {
        if (server is not null)
        {
            await server.DisposeAsync();
            server = null;
        }
    }
}
