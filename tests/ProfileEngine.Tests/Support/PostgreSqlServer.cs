using System.Diagnostics;
using Npgsql;

namespace ProfileEngine.Tests.Support;

/// <summary>
/// The PostgreSQL server the tests share: the one test.sh started (its connection string in
/// <c>PROFILEENGINE_TEST_POSTGRESQL</c>), or else one this process starts with tests/postgresql-server.sh (which
/// installs Debian's postgresql package when missing) and stops when it exits. Each test gets a database of its own.
/// </summary>
public static class PostgreSqlServer
{
    public const string ConnectionVariable = "PROFILEENGINE_TEST_POSTGRESQL";

    private static readonly Lazy<string> Admin = new(StartOrFind, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>A connection string to the server's <c>postgres</c> database, as a superuser.</summary>
    public static string AdminConnectionString => Admin.Value;

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public static string CreateDatabase()
    {
        var name = "pe_" + Guid.NewGuid().ToString("N");
        using (var connection = new NpgsqlConnection(AdminConnectionString))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"CREATE DATABASE \"{name}\"";
            command.ExecuteNonQuery();
        }

        return new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name }.ToString();
    }

    /// <summary>Drops a database made by <see cref="CreateDatabase"/>, closing what still uses it.</summary>
    public static void DropDatabase(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        NpgsqlConnection.ClearAllPools();
        using var connection = new NpgsqlConnection(AdminConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)";
        command.ExecuteNonQuery();
    }

    private static string StartOrFind()
    {
        if (Environment.GetEnvironmentVariable(ConnectionVariable) is { Length: > 0 } given)
        {
            return given;
        }

        var folder = Path.Combine(Path.GetTempPath(), "profileengine-postgresql-" + Guid.NewGuid().ToString("N"));
        var script = Path.Combine(RepositoryPaths.RepositoryRoot, "tests", "postgresql-server.sh");
        var started = Run(script, "start", folder);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Run(script, "stop", folder);
        return started;
    }

    private static string Run(string script, string command, string folder)
    {
        using var process = Process.Start(new ProcessStartInfo("bash", [script, command, folder])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        }) ?? throw new InvalidOperationException("bash did not start.");
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0
            ? output.Trim()
            : throw new InvalidOperationException($"tests/postgresql-server.sh {command} failed ({process.ExitCode}): {error}");
    }
}
