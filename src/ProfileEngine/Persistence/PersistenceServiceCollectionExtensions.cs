using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ProfileEngine.Persistence;

public static class PersistenceServiceCollectionExtensions
{
    public const string DatabaseFileName = "profileengine.db";

    /// <summary>
    /// Registers a pooled <see cref="IDbContextFactory{ProfileEngineDbContext}"/> (for jobs and bulk work) and a
    /// scoped <see cref="ProfileEngineDbContext"/> from it (for commands), on <c>&lt;data folder&gt;/profileengine.db</c>
    /// in WAL mode, and migrates the database at startup (before the scheduler starts: this hosted service is registered first).
    /// </summary>
    public static IServiceCollection AddProfileEnginePersistence(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(DataFolder.Resolve(configuration), DatabaseFileName),
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();

        services.AddPooledDbContextFactory<ProfileEngineDbContext>(options => options
            .UseSqlite(connectionString)
            .AddInterceptors(new SqlitePragmas()));
        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<ProfileEngineDbContext>>().CreateDbContext());
        services.AddHostedService(sp => new DatabaseMigration(sp.GetRequiredService<IDbContextFactory<ProfileEngineDbContext>>(), configuration));
        return services;
    }

    /// <summary>
    /// Creates the data folder when missing and brings the database to the current schema (see <see cref="DatabaseMigrator"/>):
    /// a fresh database gets every migration, one made by the release before migrations is baselined first.
    /// </summary>
    public static async Task<MigrationOutcome> MigrateDatabaseAsync(IDbContextFactory<ProfileEngineDbContext> factory, IConfiguration configuration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(factory);
        DataFolder.Ensure(configuration);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await DatabaseMigrator.MigrateAsync(db, cancellationToken);
    }

    private sealed class DatabaseMigration(IDbContextFactory<ProfileEngineDbContext> factory, IConfiguration configuration) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => MigrateDatabaseAsync(factory, configuration, cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
