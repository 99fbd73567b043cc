using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using ProfileEngine.Workflows.Definitions;
using ProfileEngine.Workflows.Hosting;
using ProfileEngine.Workflows.Loading;
using ProfileEngine.Workflows.Persistence;
using ProfileEngine.Workflows.Runtime;

namespace ProfileEngine.Tests.Workflows;

/// <summary>
/// One "process" of the workflow runtime on a real SQLite file. Two harnesses on the same file are two processes;
/// disposing one mid-run is a crash.
/// </summary>
public sealed class WorkflowHarness : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly bool _ownsFolder;

    private WorkflowHarness(ServiceProvider services, string folder, bool ownsFolder, FakeTimeProvider clock)
    {
        _services = services;
        Folder = folder;
        _ownsFolder = ownsFolder;
        Clock = clock;
    }

    public static readonly DateTimeOffset Epoch = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    public string Folder { get; }

    public string DatabasePath => Path.Combine(Folder, "engine.db");

    public FakeTimeProvider Clock { get; }

    public IServiceProvider Services => _services;

    public IWorkflowRuntime Runtime => _services.GetRequiredService<IWorkflowRuntime>();

    public WorkflowDefinitionStore Store => _services.GetRequiredService<WorkflowDefinitionStore>();

    public DefinitionValidator Validator => _services.GetRequiredService<DefinitionValidator>();

    public WorkflowDefinitionLoader Loader => _services.GetRequiredService<WorkflowDefinitionLoader>();

    public T Get<T>() where T : notnull => _services.GetRequiredService<T>();

    /// <summary>A fresh database in a new temp folder, or a second process on <paramref name="sameFolderAs"/>'s file.</summary>
    public static async Task<WorkflowHarness> StartAsync(Action<IServiceCollection>? configure = null, WorkflowHarness? sameFolderAs = null, FakeTimeProvider? clock = null)
    {
        var folder = sameFolderAs?.Folder ?? Directory.CreateTempSubdirectory("pe-wf-").FullName;
        clock ??= sameFolderAs?.Clock ?? new FakeTimeProvider(Epoch);
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton<TimeProvider>(clock);
        var connectionString = ConnectionString(folder);
        services.AddPooledDbContextFactory<WorkflowDbContext>(o => o.UseSqlite(connectionString));
        services.AddWorkflowRuntime<WorkflowDbContext>();
        TestActivities.Register(services);
        configure?.Invoke(services);
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
        await using (var db = await provider.GetRequiredService<IDbContextFactory<WorkflowDbContext>>().CreateDbContextAsync())
        {
            await db.Database.EnsureCreatedAsync();
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
        }

        return new WorkflowHarness(provider, folder, sameFolderAs is null, clock);
    }

    /// <summary>Reads, validates (no problems allowed) and stores a definition; returns the stored version.</summary>
    public async Task<ImportResult> ImportAsync(string json, string source = "test.json")
    {
        var read = DefinitionReader.Read(json, source);
        Assert.True(read.Definition is not null, string.Join("\n", read.Problems));
        var problems = Validator.Validate(read.Definition!, source);
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        return await Store.ImportAsync(read.Definition!, source, CancellationToken.None);
    }

    public Task<ImportResult> ImportScenarioAsync(string scenario, string file) =>
        ImportAsync(File.ReadAllText(ScenarioPath(scenario, file)), file);

    public static string ScenarioPath(string scenario, params string[] parts) =>
        Path.Combine([AppContext.BaseDirectory, "Workflows", "Scenarios", scenario, .. parts]);

    public async Task<WorkflowInstanceDetails> DetailsAsync(string instanceId) =>
        await Runtime.GetAsync(instanceId) ?? throw new InvalidOperationException($"No instance {instanceId}.");

    public async Task<IReadOnlyList<string>> LogAsync(string instanceId) =>
        [.. (await DetailsAsync(instanceId)).Log.Select(l => l.Message)];

    public async Task<JsonNode?> VariableAsync(string instanceId, string name) =>
        (await DetailsAsync(instanceId)).Variables.GetValueOrDefault(name);

    public async Task<T> QueryAsync<T>(Func<WorkflowDbContext, Task<T>> query)
    {
        await using var db = await _services.GetRequiredService<IDbContextFactory<WorkflowDbContext>>().CreateDbContextAsync();
        return await query(db);
    }

    private static string ConnectionString(string folder) =>
        new SqliteConnectionStringBuilder { DataSource = Path.Combine(folder, "engine.db"), DefaultTimeout = 30 }.ToString();

    /// <summary>Stops this "process" without deleting its database (a crash, when something was mid-run).</summary>
    public async Task StopAsync()
    {
        await _services.DisposeAsync();
        ProfileEngine.Persistence.SqliteFiles.ReleasePool(ConnectionString(Folder));
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        if (_ownsFolder)
        {
            try
            {
                Directory.Delete(Folder, recursive: true);
            }
            catch (IOException)
            {
                // A second harness on the same folder may still hold the file; the temp folder is cleaned by the OS.
            }
        }
    }
}

public static class RunAssert
{
    public static void Finished(WorkflowRunResult run)
    {
        ArgumentNullException.ThrowIfNull(run);
        Assert.True(run.Status == WorkflowStatus.Finished, $"Expected Finished, got {run.Status}: {run.FaultMessage}");
    }
}
