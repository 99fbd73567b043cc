using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace ProfileEngine.Persistence;

/// <summary>
/// Lets <c>dotnet ef</c> build the engine's model without starting the host, e.g.
/// <c>dotnet ef migrations add Name --project src/ProfileEngine --output-dir Persistence/Migrations/Sqlite</c>.
/// The database file is only opened by commands that need one (<c>database update</c>); it defaults to
/// <c>data/profileengine.db</c> and can be named after <c>--</c>.
/// </summary>
public sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<ProfileEngineDbContext>
{
    public ProfileEngineDbContext CreateDbContext(string[] args)
    {
        var file = args is { Length: > 0 } ? args[0] : Path.Combine(DataFolder.Default, PersistenceServiceCollectionExtensions.DatabaseFileName);
        var options = new DbContextOptionsBuilder<ProfileEngineDbContext>()
            .UseSqlite($"Data Source={file}")
            .Options;
        return new ProfileEngineDbContext(options);
    }
}
