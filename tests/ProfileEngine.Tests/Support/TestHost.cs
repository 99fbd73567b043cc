using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ProfileEngine.Host;
using ProfileEngine.Persistence;

namespace ProfileEngine.Tests.Support;

/// <summary>
/// The host as Program.cs composes it, on real Kestrel over loopback with the repository's appsettings.json, on a
/// data folder of its own. Disposing stops it as a real shutdown does (hosted services first, so Quartz stops
/// firing), then removes the folder.
/// </summary>
public sealed class TestHost : IAsyncDisposable
{
    private TestHost(WebApplication app, TempDataFolder data, CapturingLoggerProvider logs)
    {
        App = app;
        Data = data;
        Logs = logs;
        Address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/");
    }

    public WebApplication App { get; }

    public TempDataFolder Data { get; }

    public CapturingLoggerProvider Logs { get; }

    public Uri Address { get; }

    public static async Task<TestHost> StartAsync(IDictionary<string, string?>? overrides = null, Action<IServiceCollection>? services = null)
    {
        var data = new TempDataFolder();
        var logs = new CapturingLoggerProvider();
        var settings = new Dictionary<string, string?>(overrides ?? new Dictionary<string, string?>())
        {
            ["Urls"] = "http://127.0.0.1:0",
        };
        settings.TryAdd(DataFolder.ConfigurationKey, data.Path);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = RepositoryPaths.RepositoryRoot });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.AddProvider(logs).SetMinimumLevel(LogLevel.Trace);
        builder.AddProfileEngine();
        services?.Invoke(builder.Services);
        var app = builder.Build();
        app.MapProfileEngineApi();
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            data.Dispose();
            throw;
        }

        return new TestHost(app, data, logs);
    }

    public HttpClient CreateClient() => new() { BaseAddress = Address };

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        Data.Dispose();
    }
}
