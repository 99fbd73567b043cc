namespace ProfileEngine.Tests.Support;

/// <summary>Finds the repository root (the folder holding ProfileEngine.sln) and the files the tests read from it.</summary>
public static class RepositoryPaths
{
    private static readonly Lazy<string> Root = new(FindRoot);

    public static string RepositoryRoot => Root.Value;

    /// <summary>
    /// The subflows as the build gathers them beside the test binaries: the engine's (the repository's <c>workflows/</c>)
    /// and every referenced connector's (e.g. the Webex connector's <c>Workflows/</c>), as the host loads them.
    /// </summary>
    public static string WorkflowsFolder => Path.Combine(AppContext.BaseDirectory, "workflows");

    /// <summary>Cisco's OpenAPI files, vendored beside the contract tests (see the NOTICE.md there).</summary>
    public static string WebexReference => Path.Combine(RepositoryRoot, "tests", "ProfileEngine.Tests", "Contract", "OpenApi");

    private static string FindRoot()
    {
        var built = typeof(RepositoryPaths).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .Cast<System.Reflection.AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "RepositoryRoot")?.Value;
        if (built is not null && File.Exists(Path.Combine(built, "ProfileEngine.sln")))
        {
            return built;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ProfileEngine.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No ProfileEngine.sln above '{AppContext.BaseDirectory}'.");
    }
}
