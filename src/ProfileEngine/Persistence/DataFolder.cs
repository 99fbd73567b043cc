using Microsoft.Extensions.Configuration;

namespace ProfileEngine.Persistence;

/// <summary>
/// Where the engine keeps its files: the SQLite database, Quartz's own SQLite file and the Data Protection key ring.
/// Configured as <c>ProfileEngine:DataFolder</c> (default <c>data</c>, relative to the working directory).
/// </summary>
public static class DataFolder
{
    public const string ConfigurationKey = "ProfileEngine:DataFolder";
    public const string Default = "data";

    public static string Resolve(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var configured = configuration[ConfigurationKey];
        return Path.GetFullPath(string.IsNullOrWhiteSpace(configured) ? Default : configured);
    }

    /// <summary>The folder, created when missing.</summary>
    public static string Ensure(IConfiguration configuration)
    {
        var folder = Resolve(configuration);
        Directory.CreateDirectory(folder);
        return folder;
    }
}
