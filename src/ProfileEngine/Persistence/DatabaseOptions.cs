using Npgsql;

namespace ProfileEngine.Persistence;

public enum DatabaseProvider
{
    /// <summary>The embedded default: <c>&lt;data folder&gt;/profileengine.db</c>, one node.</summary>
    Sqlite,

    /// <summary>A PostgreSQL server named by <see cref="DatabaseOptions.ConnectionString"/>; several nodes may share it.</summary>
    PostgreSql,
}

/// <summary>The <c>ProfileEngine:Database</c> section.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "ProfileEngine:Database";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>PostgreSQL only (an Npgsql connection string); SQLite's file comes from the data folder.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Every problem of these settings, each naming its key; never repeats the connection string (it may hold a password).</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (Provider != DatabaseProvider.PostgreSql)
        {
            return problems;
        }

        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            problems.Add($"{Section}:ConnectionString is required when {Section}:Provider is PostgreSql (e.g. Host=db;Database=profileengine;Username=engine;Password=...).");
            return problems;
        }

        try
        {
            var builder = new NpgsqlConnectionStringBuilder(ConnectionString);
            if (string.IsNullOrWhiteSpace(builder.Host))
            {
                problems.Add($"{Section}:ConnectionString names no Host.");
            }

            if (string.IsNullOrWhiteSpace(builder.Database))
            {
                problems.Add($"{Section}:ConnectionString names no Database.");
            }
        }
        catch (ArgumentException e)
        {
            // The message names the bad keyword, never its value.
            problems.Add($"{Section}:ConnectionString is not a valid PostgreSQL connection string: {e.Message}");
        }

        return problems;
    }

    /// <summary>The server and database, for messages and health (never the user or password).</summary>
    public string Describe() => Provider == DatabaseProvider.PostgreSql && ConnectionString is { } connection
        ? DescribePostgreSql(connection)
        : "SQLite";

    private static string DescribePostgreSql(string connection)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connection);
            return $"PostgreSQL {builder.Host}:{builder.Port}/{builder.Database}";
        }
        catch (ArgumentException)
        {
            return "PostgreSQL";
        }
    }
}
