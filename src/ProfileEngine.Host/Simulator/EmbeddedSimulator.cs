using Microsoft.Extensions.Options;

namespace ProfileEngine.Host.Simulator;

/// <summary>
/// Starts the vendor simulator beside the engine when configuration asks for it (the default for a first run),
/// so the engine has an account to work with on a machine with no internet.
/// </summary>
/// Its OAuth client is pre-registered with the engine's own callbacks (the UI's and the API's) on the host's URLs.
/// With <see cref="EmbeddedSimulatorOptions.ShareClockWithEngine"/> it runs on the engine's TimeProvider.
public sealed class EmbeddedSimulator(
    IVendorSimulator simulator, IOptions<EmbeddedSimulatorOptions> options, IConfiguration configuration, TimeProvider engineClock, ILogger<EmbeddedSimulator> logger)
    : IHostedService, IAsyncDisposable
{
    public const string UiCallbackPath = "/ui/connections/callback";
    public const string ApiCallbackPath = "/connections/oauth/callback";

    private IRunningVendorSimulator? running;

    /// <summary>The running simulator's base URL, or null when it is disabled or not started yet.</summary>
    public string? BaseUrl => running?.BaseUrl;

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

        var engineUrls = (configuration["Urls"] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        string[] redirectUris = [.. engineUrls.SelectMany(engine => new[] { $"{engine.TrimEnd('/')}{UiCallbackPath}", $"{engine.TrimEnd('/')}{ApiCallbackPath}" })];
        running = await simulator.StartAsync(
            new VendorSimulatorSettings(settings.Users, settings.Seed, redirectUris, settings.Urls, settings.ShareClockWithEngine ? engineClock : null),
            cancellationToken);
        logger.LogInformation("Embedded vendor simulator at {BaseUrl}: {Simulated}.", running.BaseUrl, running.Description);
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync();

    public async ValueTask DisposeAsync()
    {
        if (running is not null)
        {
            await running.DisposeAsync();
            running = null;
        }
    }
}

public static class EmbeddedSimulatorServiceCollectionExtensions
{
    /// <summary>The embedded simulator as a hosted service; the host registers the <see cref="IVendorSimulator"/> it starts.</summary>
    public static IServiceCollection AddEmbeddedSimulator(this IServiceCollection services)
    {
        services.AddOptions<EmbeddedSimulatorOptions>().BindConfiguration(EmbeddedSimulatorOptions.Section);
        services.AddSingleton<EmbeddedSimulator>();
        services.AddHostedService(sp => sp.GetRequiredService<EmbeddedSimulator>());
        return services;
    }
}
