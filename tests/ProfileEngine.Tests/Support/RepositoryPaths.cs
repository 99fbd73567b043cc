namespace ProfileEngine.Tests.Support;

/// <summary>Finds the repository root (the folder holding ProfileEngine.sln) and the shared folder beside it.</summary>
public static class RepositoryPaths
{
    private static readonly Lazy<string> Root = new(FindRoot);

    public static string RepositoryRoot => Root.Value;

    /// <summary>The steering repo's <c>shared/</c> folder, which CI places beside the clone.</summary>
    public static string SharedFolder
    {
        get
        {
            var shared = Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared"));
            if (!Directory.Exists(shared))
            {
                throw new DirectoryNotFoundException(
                    $"The shared folder was expected beside the repository at '{shared}'; the contract tests read Cisco's OpenAPI files from it.");
            }

            return shared;
        }
    }

    public static string WebexReference => Path.Combine(SharedFolder, "reference", "webex");

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
