using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using ProfileEngine.Persistence;

namespace ProfileEngine.Benchmarks;

/// <summary>
/// Where a scenario keeps the engine's data: the SQLite file under its data folder (the default), or a fresh database on
/// a PostgreSQL server (<c>--database PostgreSql</c>): the one named by <c>PROFILEENGINE_BENCH_POSTGRESQL</c>, or else a
/// throwaway one started with tests/postgresql-server.sh for this run and stopped at its end.
/// </summary>
public static class BenchDatabase
{
    private static readonly Lazy<string> Server = new(StartServer, LazyThreadSafetyMode.ExecutionAndPublication);

    public static DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    public static string Name => Provider == DatabaseProvider.PostgreSql ? "PostgreSQL" : "SQLite";

    /// <summary>Engine settings for a fresh database (none on SQLite: the file is in the data folder).</summary>
    public static IEnumerable<KeyValuePair<string, string?>> NewDatabaseSettings() => Provider == DatabaseProvider.PostgreSql
        ?
        [
            new($"{DatabaseOptions.Section}:{nameof(DatabaseOptions.Provider)}", nameof(DatabaseProvider.PostgreSql)),
            new($"{DatabaseOptions.Section}:{nameof(DatabaseOptions.ConnectionString)}", CreateDatabase()),
        ]
        : [];

    /// <summary>Options for a fresh database of the chosen provider (SQLite: <paramref name="sqliteFile"/>).</summary>
    public static DbContextOptions<ProfileEngineDbContext> NewStoreOptions(string sqliteFile)
    {
        var builder = new DbContextOptionsBuilder<ProfileEngineDbContext>();
        if (Provider == DatabaseProvider.PostgreSql)
        {
            return builder.UseNpgsql(CreateDatabase(), npgsql => npgsql.MigrationsAssembly(PersistenceServiceCollectionExtensions.PostgreSqlMigrationsAssembly)).Options;
        }

        return builder.UseSqlite(new SqliteConnectionStringBuilder { DataSource = sqliteFile, Pooling = true }.ToString())
            .AddInterceptors(new SqlitePragmas()).Options;
    }

    private static string CreateDatabase()
    {
        var name = "bench_" + Guid.NewGuid().ToString("N");
        using (var connection = new NpgsqlConnection(Server.Value))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"CREATE DATABASE \"{name}\"";
            command.ExecuteNonQuery();
        }

        return new NpgsqlConnectionStringBuilder(Server.Value) { Database = name, MaxPoolSize = 50 }.ToString();
    }

    private static string StartServer()
    {
        if (Environment.GetEnvironmentVariable("PROFILEENGINE_BENCH_POSTGRESQL") is { Length: > 0 } given)
        {
            return given;
        }

        var folder = Path.Combine(Path.GetTempPath(), "profileengine-bench-pg-" + Guid.NewGuid().ToString("N"));
        var script = Path.Combine(BenchEngine.RepositoryRoot(), "tests", "postgresql-server.sh");
        var started = Run(script, "start", folder);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Run(script, "stop", folder);
        return started;
    }

    private static string Run(string script, string command, string folder)
    {
        using var process = Process.Start(new ProcessStartInfo("bash", [script, command, folder]) { RedirectStandardOutput = true })
            ?? throw new InvalidOperationException("bash did not start.");
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? output.Trim() : throw new InvalidOperationException($"tests/postgresql-server.sh {command} failed ({process.ExitCode}).");
    }
}
