using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using ProfileEngine.Connectors.Scim;
using ProfileEngine.Messaging;
using ProfileEngine.Persistence;
using ProfileEngine.Templates;
using ProfileEngine.Workflows.Definitions;
using ProfileEngine.Workflows.Hosting;
using ProfileEngine.Workflows.Loading;
using Quartz;
using ProfileEngine.Connectors.Webex;

namespace ProfileEngine.Tests.Support;

/// <summary>
/// The engine's services (no web host) on a temp data folder with real SQLite files, a fake clock and captured logs.
/// Commands go through Mediator in a fresh scope, as a given operator.
/// </summary>
public sealed class EngineHarness : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    private readonly bool _ownsData;

    private EngineHarness(TempDataFolder data, bool ownsData, FakeTimeProvider clock, CapturingLoggerProvider logs, ServiceProvider services)
    {
        Data = data;
        _ownsData = ownsData;
        Clock = clock;
        Logs = logs;
        Services = services;
    }

    public TempDataFolder Data { get; }

    public FakeTimeProvider Clock { get; }

    public CapturingLoggerProvider Logs { get; }

    public ServiceProvider Services { get; }

    /// <param name="data">An existing data folder to start on (a restart); the caller keeps owning it.</param>
    /// <param name="configure">Test-only additions to the engine's services (e.g. an HTTP handler that plays a crash).</param>
    public static async Task<EngineHarness> StartAsync(
        bool allowLoopback = true,
        IDictionary<string, string?>? settings = null,
        FakeTimeProvider? clock = null,
        TempDataFolder? data = null,
        Action<IServiceCollection>? configure = null)
    {
        var ownsData = data is null;
        data ??= new TempDataFolder();
        clock ??= new FakeTimeProvider(Start);
        var logs = new CapturingLoggerProvider();
        var values = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>()) { [DataFolder.ConfigurationKey] = data.Path };
        foreach (var (key, value) in data.DatabaseSettings())
        {
            values.TryAdd(key, value);
        }

        values.TryAdd($"{TemplateOptions.Section}:{nameof(TemplateOptions.Folder)}", Path.Combine(RepositoryPaths.RepositoryRoot, "templates"));
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
        services.AddSingleton<TimeProvider>(clock);
        services.AddProfileEngineServices(configuration, allowLoopback);
        services.AddWebexConnector(configuration);
        services.AddScimConnector();
        configure?.Invoke(services);
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
        await PersistenceServiceCollectionExtensions.MigrateDatabaseAsync(
            provider.GetRequiredService<IDbContextFactory<ProfileEngineDbContext>>(), configuration, provider.GetServices<ProfileEngine.Connectors.VendorConnector>(), CancellationToken.None, clock);
        return new EngineHarness(data, ownsData, clock, logs, provider);
    }

    /// <summary>Sends through Mediator in a new scope acting as <paramref name="operatorName"/>.</summary>
    public async Task<T> SendAsync<T>(Func<ISender, ValueTask<T>> send, string operatorName = CurrentOperator.LocalOperator)
    {
        ArgumentNullException.ThrowIfNull(send);
        await using var scope = Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentOperator>().Name = operatorName;
        return await send(scope.ServiceProvider.GetRequiredService<ISender>());
    }

    public async Task<T> QueryDbAsync<T>(Func<ProfileEngineDbContext, Task<T>> query)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var db = await Services.GetRequiredService<IDbContextFactory<ProfileEngineDbContext>>().CreateDbContextAsync();
        return await query(db);
    }

    public T Get<T>()
        where T : notnull => Services.GetRequiredService<T>();

    /// <summary>The engine's Quartz scheduler (in standby until a test starts it).</summary>
    public Task<IScheduler> SchedulerAsync() => Get<ISchedulerFactory>().GetScheduler().AsTask();

    /// <summary>Reads and stores a workflow definition (Elsa JSON) in the engine's database.</summary>
    public async Task<ImportResult> ImportDefinitionAsync(string json, string source = "test.json")
    {
        var read = DefinitionReader.Read(json, source);
        Assert.True(read.Definition is not null, string.Join("\n", read.Problems));
        return await Get<WorkflowDefinitionStore>().ImportAsync(read.Definition!, source, CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var scheduler in await Get<ISchedulerFactory>().GetAllSchedulers())
        {
            await scheduler.Shutdown(waitForJobsToComplete: true);
        }

        await Services.DisposeAsync();
        if (_ownsData)
        {
            Data.Dispose();
        }
    }
}
