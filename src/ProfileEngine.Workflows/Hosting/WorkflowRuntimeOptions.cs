using ProfileEngine.Workflows.Expressions;

namespace ProfileEngine.Workflows.Hosting;

/// <summary>The runtime's settings (configuration section <c>Workflows</c> in the host).</summary>
public sealed class WorkflowRuntimeOptions
{
    /// <summary>Where the definition files are read from at startup; relative paths are taken from the content root.</summary>
    public string DefinitionsFolder { get; set; } = "workflows";

    public bool LoadDefinitionsOnStartup { get; set; } = true;

    /// <summary>Continue the instances a stopped process left Running.</summary>
    public bool RecoverOnStartup { get; set; } = true;

    public JavaScriptOptions JavaScript { get; set; } = new();

    /// <summary>
    /// A relative folder is taken from the content root, else from beside the binaries (a host started from its
    /// project folder finds the copy of the repository's <c>workflows/</c> there).
    /// </summary>
    public string ResolveDefinitionsFolder(string contentRoot)
    {
        var fromContentRoot = Path.GetFullPath(DefinitionsFolder, contentRoot);
        if (Path.IsPathRooted(DefinitionsFolder) || Directory.Exists(fromContentRoot))
        {
            return fromContentRoot;
        }

        var besideBinaries = Path.GetFullPath(DefinitionsFolder, AppContext.BaseDirectory);
        return Directory.Exists(besideBinaries) ? besideBinaries : fromContentRoot;
    }
}
