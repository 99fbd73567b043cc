using Microsoft.Data.Sqlite;
using ProfileEngine.Scheduling;

namespace ProfileEngine.Persistence;

/// <summary>
/// The SQLite files of one data folder (the engine's database and Quartz's store) and their connection strings, so the
/// pooled connections of exactly those files can be let go, e.g. before the folder is deleted. Clearing every pool in
/// the process instead would close connections that another engine in the same process is about to open.
/// </summary>
public static class SqliteFiles
{
    public static string EngineConnectionString(string dataFolder) => new SqliteConnectionStringBuilder
    {
        DataSource = Path.Combine(dataFolder, PersistenceServiceCollectionExtensions.DatabaseFileName),
        Pooling = true,
        DefaultTimeout = 30,
    }.ToString();

    public static string QuartzConnectionString(string dataFolder) => new SqliteConnectionStringBuilder
    {
        DataSource = Path.Combine(dataFolder, SchedulingServiceCollectionExtensions.QuartzFileName),
        Pooling = true,
    }.ToString();

    /// <summary>Closes the idle pooled connections to this folder's files; other folders' pools are left alone.</summary>
    public static void ReleasePools(string dataFolder)
    {
        ReleasePool(EngineConnectionString(dataFolder));
        ReleasePool(QuartzConnectionString(dataFolder));
    }

    public static void ReleasePool(string connectionString)
    {
        using var connection = new SqliteConnection(connectionString);
        SqliteConnection.ClearPool(connection);
    }
}
