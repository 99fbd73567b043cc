using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ProfileEngine.Messaging;
using ProfileEngine.Persistence;
using ProfileEngine.Workflows.Hosting;
using ProfileEngine.Workflows.Loading;

namespace ProfileEngine.Host.CommandLine;

/// <summary>
/// The engine as a CLI verb uses it: the host's own composition and configuration (appsettings.json, data folder),
/// built but not started (no web server, no scheduler thread, no simulator), so a verb sends the same Mediator
/// requests the API and the UI send, as the operator <c>cli:&lt;user&gt;</c>. Jobs a verb schedules run in the server.
/// </summary>
public sealed class CliEngine : IAsyncDisposable
{
    private readonly WebApplication _app;

    private CliEngine(WebApplication app, TextWriter output, TextWriter error)
    {
        _app = app;
        Output = output;
        Error = error;
    }

    public TextWriter Output { get; }

    public TextWriter Error { get; }

    public IServiceProvider Services => _app.Services;

    /// <param name="migrate">False only for the <c>db</c> verbs, which look at or migrate the database themselves.</param>
    public static async Task<CliEngine> OpenAsync(string? dataFolder, TextWriter output, TextWriter error, CancellationToken cancellationToken, bool migrate = true)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [] });
        if (dataFolder is not null)
        {
            builder.Configuration[DataFolder.ConfigurationKey] = Path.GetFullPath(dataFolder);
        }

        builder.Logging.ClearProviders();
        builder.AddProfileEngine();
        var app = builder.Build();
        if (migrate)
        {
            await PersistenceServiceCollectionExtensions.MigrateDatabaseAsync(
                app.Services.GetRequiredService<IDbContextFactory<ProfileEngineDbContext>>(), app.Configuration, app.Services.GetServices<ProfileEngine.Connectors.VendorConnector>(), cancellationToken);
        }

        return new CliEngine(app, output, error);
    }

    /// <summary>Loads the workflows folder as the server does at startup, so profile requests can check their subflows.</summary>
    public async Task LoadDefinitionsAsync(CancellationToken cancellationToken)
    {
        var folder = Services.GetRequiredService<IOptions<WorkflowRuntimeOptions>>().Value
            .ResolveDefinitionsFolder(Services.GetRequiredService<IHostEnvironment>().ContentRootPath);
        await Services.GetRequiredService<WorkflowDefinitionLoader>().LoadFolderAsync(folder, cancellationToken);
    }

    public async Task<T> QueryAsync<T>(IQuery<T> query, CancellationToken cancellationToken)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ISender>().Send(query, cancellationToken);
    }

    public async Task<T> SendAsync<T>(ICommand<T> command, CancellationToken cancellationToken)
    {
        await using var scope = Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentOperator>().Name = $"cli:{Environment.UserName}";
        return await scope.ServiceProvider.GetRequiredService<ISender>().Send(command, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        var dataFolder = DataFolder.Resolve(_app.Configuration);
        await _app.DisposeAsync();
        SqliteFiles.ReleasePools(dataFolder);
    }
}
