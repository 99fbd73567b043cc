using Mediator;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ProfileEngine.Connections;
using ProfileEngine.Messaging;
using ProfileEngine.Persistence;
using ProfileEngine.Templates;
using ProfileEngine.WebexSimulator;
using ProfileEngine.WebexSimulator.OAuth;
using ProfileEngine.Workflows.Definitions;
using ProfileEngine.Workflows.Loading;
using ProfileEngine.Connectors.Webex;

namespace ProfileEngine.Benchmarks;

/// <summary>
/// The engine's services on a fresh data folder, connected through the real OAuth flow to an in-process simulator:
/// what the scale scenarios run the subflows on.
/// </summary>
public sealed class BenchEngine : IAsyncDisposable
{
    private const string Redirect = "http://127.0.0.1:5999/connections/oauth/callback";

    private readonly string _folder;

    private BenchEngine(string folder, ServiceProvider services, WebexSimulatorServer sim)
    {
        _folder = folder;
        Services = services;
        Sim = sim;
    }

    public ServiceProvider Services { get; }

    public WebexSimulatorServer Sim { get; }

    public string DatabasePath => Path.Combine(_folder, PersistenceServiceCollectionExtensions.DatabaseFileName);

    public static async Task<BenchEngine> StartAsync(SimulatorOptions simulator, CancellationToken ct)
    {
        var folder = Directory.CreateTempSubdirectory("pe-bench-engine-").FullName;
        var sim = await WebexSimulatorServer.StartAsync(simulator with { RedirectUris = [Redirect] }, ct);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [DataFolder.ConfigurationKey] = folder,
            [$"{TemplateOptions.Section}:Folder"] = Path.Combine(RepositoryRoot(), "templates"),
        }.Concat(BenchDatabase.NewDatabaseSettings())).Build();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton(TimeProvider.System);
        services.AddProfileEngineServices(configuration, allowLoopbackVendorHosts: true);
        services.AddWebexConnector(configuration);
        var provider = services.BuildServiceProvider();
        await PersistenceServiceCollectionExtensions.MigrateDatabaseAsync(provider.GetRequiredService<IDbContextFactory<ProfileEngineDbContext>>(), configuration, provider.GetServices<ProfileEngine.Connectors.VendorConnector>(), ct);
        var engine = new BenchEngine(folder, provider, sim);
        await engine.ConnectAsync(WebexAliases.SubscriptionActivityReclaim, ct);
        return engine;
    }

    public async Task<T> SendAsync<T>(Func<ISender, ValueTask<T>> send)
    {
        await using var scope = Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentOperator>().Name = "benchmark";
        return await send(scope.ServiceProvider.GetRequiredService<ISender>());
    }

    /// <summary>The subflows as the build gathers them beside the binaries: the engine's and the Webex connector's.</summary>
    public static string WorkflowsFolder => Path.Combine(AppContext.BaseDirectory, "workflows");

    /// <summary>Stores a definition from <see cref="WorkflowsFolder"/>.</summary>
    public async Task ImportWorkflowAsync(string fileName, CancellationToken ct)
    {
        var read = DefinitionReader.Read(await File.ReadAllTextAsync(Path.Combine(WorkflowsFolder, fileName), ct), fileName);
        var definition = read.Definition ?? throw new InvalidOperationException(string.Join("; ", read.Problems));
        await Services.GetRequiredService<WorkflowDefinitionStore>().ImportAsync(definition, fileName, ct);
    }

    private async Task ConnectAsync(string alias, CancellationToken ct)
    {
        await SendAsync(s => s.Send(new SetConnectionDetails(alias, Sim.BaseUrl, Sim.Org.ClientId, Sim.Org.ClientSecret, Redirect), ct));
        var started = await SendAsync(s => s.Send(new StartConnect(alias), ct));
        var (_, code, state) = await ConsentClient.AcceptAsync(started.AuthorizeUrl, cancellationToken: ct);
        await SendAsync(s => s.Send(new CompleteConnect(state, code), ct));
    }

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ProfileEngine.sln")))
            {
                return dir.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Sim.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
