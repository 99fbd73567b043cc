using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.Extensions.Configuration;

namespace ProfileEngine.Persistence.PostgreSql;

/// <summary>
/// Where the engine's PostgreSQL migrations live. The engine names this assembly
/// (<see cref="PersistenceServiceCollectionExtensions.PostgreSqlMigrationsAssembly"/>) when
/// <c>ProfileEngine:Database:Provider</c> is PostgreSql; the host references it so it ships beside the engine.
/// </summary>
public static class PostgreSqlMigrations
{
    public static string AssemblyName => typeof(PostgreSqlMigrations).Assembly.GetName().Name!;

    public static DbContextOptions<ProfileEngineDbContext> Options(string connectionString)
    {
        var builder = new DbContextOptionsBuilder<ProfileEngineDbContext>();
        PersistenceServiceCollectionExtensions.Configure(
            builder, new DatabaseOptions { Provider = DatabaseProvider.PostgreSql, ConnectionString = connectionString }, new ConfigurationBuilder().Build());
        return builder.Options;
    }
}

/// <summary>
/// For <c>dotnet ef migrations add Name --project src/ProfileEngine.Persistence.PostgreSql --output-dir Migrations</c>;
/// adding a migration opens no connection.
/// </summary>
public sealed class PostgreSqlDesignTimeDbContextFactory : IDesignTimeDbContextFactory<ProfileEngineDbContext>
{
    public ProfileEngineDbContext CreateDbContext(string[] args) =>
        new(PostgreSqlMigrations.Options(args is { Length: > 0 } ? args[0] : "Host=localhost;Database=profileengine"));
}
