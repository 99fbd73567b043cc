using ProfileEngine.Persistence;

namespace ProfileEngine.Tests.Support;

/// <summary>
/// A fresh data folder under the temp directory, deleted (with its SQLite files) on dispose; and, when the tests run
/// on PostgreSQL (<see cref="ProviderVariable"/>), a fresh database of its own, dropped on dispose. A host or engine
/// started again on the same folder finds the same database.
/// </summary>
public sealed class TempDataFolder : IDisposable
{
    /// <summary>Set to <c>PostgreSql</c> to run the engine's integration tests on PostgreSQL (test.sh does, for a subset).</summary>
    public const string ProviderVariable = "PROFILEENGINE_TEST_DATABASE";

    public TempDataFolder(DatabaseProvider? provider = null)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "profileengine-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
        Provider = provider ?? DefaultProvider;
        if (Provider == DatabaseProvider.PostgreSql)
        {
            PostgreSqlConnectionString = PostgreSqlServer.CreateDatabase();
        }
    }

    public static DatabaseProvider DefaultProvider =>
        string.Equals(Environment.GetEnvironmentVariable(ProviderVariable), nameof(DatabaseProvider.PostgreSql), StringComparison.OrdinalIgnoreCase)
            ? DatabaseProvider.PostgreSql
            : DatabaseProvider.Sqlite;

    public string Path { get; }

    public DatabaseProvider Provider { get; }

    /// <summary>The database of this folder on PostgreSQL; null on SQLite.</summary>
    public string? PostgreSqlConnectionString { get; }

    /// <summary>The engine settings that point it at this folder's database (none for SQLite, whose file is in the folder).</summary>
    public IEnumerable<KeyValuePair<string, string?>> DatabaseSettings() => PostgreSqlConnectionString is { } connection
        ?
        [
            new($"{DatabaseOptions.Section}:{nameof(DatabaseOptions.Provider)}", nameof(DatabaseProvider.PostgreSql)),
            new($"{DatabaseOptions.Section}:{nameof(DatabaseOptions.ConnectionString)}", connection),
        ]
        : [];

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        // Pooled SQLite connections keep the files open; release them so the folder can go.
        SqliteFiles.ReleasePools(Path);
        if (PostgreSqlConnectionString is { } connection)
        {
            PostgreSqlServer.DropDatabase(connection);
        }

        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a background thread; the temp folder is cleaned by the OS eventually.
        }
    }
}
