using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ProfileEngine.Persistence;

public static class PersistenceServiceCollectionExtensions
{
    public const string DatabaseFileName = "profileengine.db";

    /// <summary>The assembly that holds the PostgreSQL migrations (SQLite's live in this one, under Persistence/Migrations/Sqlite).</summary>
    public const string PostgreSqlMigrationsAssembly = "ProfileEngine.Persistence.PostgreSql";

    /// <summary>
    /// Registers a pooled <see cref="IDbContextFactory{ProfileEngineDbContext}"/> (for jobs and bulk work) and a
    /// scoped <see cref="ProfileEngineDbContext"/> from it (for commands), on the provider of <c>ProfileEngine:Database</c>:
    /// <c>&lt;data folder&gt;/profileengine.db</c> in WAL mode by default, or PostgreSQL. Migrates the database at startup
    /// (before the scheduler starts: this hosted service is registered first).
    /// </summary>
    public static IServiceCollection AddProfileEnginePersistence(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var database = ReadOptions(configuration);
        services.AddSingleton(Microsoft.Extensions.Options.Options.Create(database));
        services.AddPooledDbContextFactory<ProfileEngineDbContext>(options => Configure(options, database, configuration));
        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<ProfileEngineDbContext>>().CreateDbContext());
        services.AddHostedService(sp => new DatabaseMigration(sp.GetRequiredService<IDbContextFactory<ProfileEngineDbContext>>(), configuration, sp.GetServices<Connectors.VendorConnector>(), sp.GetService<TimeProvider>() ?? TimeProvider.System));
        return services;
    }

    /// <summary>The <c>ProfileEngine:Database</c> section; throws naming each bad key.</summary>
    public static DatabaseOptions ReadOptions(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var database = new DatabaseOptions();
        var section = configuration.GetSection(DatabaseOptions.Section);
        var provider = section[nameof(DatabaseOptions.Provider)];
        if (!string.IsNullOrWhiteSpace(provider))
        {
            database.Provider = Enum.TryParse<DatabaseProvider>(provider, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)
                ? parsed
                : throw new InvalidOperationException(
                    $"{DatabaseOptions.Section}:Provider '{provider}' is not a database provider; use Sqlite (the embedded default) or PostgreSql.");
        }

        database.ConnectionString = section[nameof(DatabaseOptions.ConnectionString)];
        if (database.Problems() is { Count: > 0 } problems)
        {
            throw new InvalidOperationException(string.Join(" ", problems));
        }

        return database;
    }

    /// <summary>Points <paramref name="options"/> at the configured database (also used by the CLI and tests).</summary>
    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder options, DatabaseOptions database, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(database);
        if (database.Provider == DatabaseProvider.PostgreSql)
        {
            return options.UseNpgsql(database.ConnectionString, npgsql => npgsql.MigrationsAssembly(PostgreSqlMigrationsAssembly));
        }

        return options.UseSqlite(SqliteFiles.EngineConnectionString(DataFolder.Resolve(configuration))).AddInterceptors(new SqlitePragmas());
    }

    /// <summary>
    /// Creates the data folder when missing and brings the database to the current schema (see <see cref="DatabaseMigrator"/>):
    /// a fresh database gets every migration, one made by the release before migrations is baselined first. Then the
    /// registered connectors' parent aliases are created where missing (<see cref="Connections.ConnectorAliasSeeding"/>).
    /// </summary>
    public static async Task<MigrationOutcome> MigrateDatabaseAsync(
        IDbContextFactory<ProfileEngineDbContext> factory, IConfiguration configuration, IEnumerable<Connectors.VendorConnector> connectors, CancellationToken cancellationToken, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(factory);
        DataFolder.Ensure(configuration);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var outcome = await DatabaseMigrator.MigrateAsync(db, cancellationToken);
        await Connections.ConnectorAliasSeeding.EnsureParentAliasesAsync(db, connectors, (clock ?? TimeProvider.System).GetUtcNow(), cancellationToken);
        return outcome;
    }

    private sealed class DatabaseMigration(
        IDbContextFactory<ProfileEngineDbContext> factory, IConfiguration configuration, IEnumerable<Connectors.VendorConnector> connectors, TimeProvider clock) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => MigrateDatabaseAsync(factory, configuration, connectors, cancellationToken, clock);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
