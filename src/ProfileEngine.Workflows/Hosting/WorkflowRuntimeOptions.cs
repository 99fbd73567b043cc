using ProfileEngine.Workflows.Expressions;

namespace ProfileEngine.Workflows.Hosting;

/// <summary>The runtime's settings (configuration section <c>Workflows</c> in the host).</summary>
public sealed class WorkflowRuntimeOptions
{
    /// <summary>Where the definition files are read from at startup; relative paths are taken from the content root.</summary>
    public string DefinitionsFolder { get; set; } = "workflows";

    public bool LoadDefinitionsOnStartup { get; set; } = true;

    /// <summary>Continue the instances a stopped process left Running, at startup and then every <see cref="RecoveryInterval"/>.</summary>
    public bool RecoverOnStartup { get; set; } = true;

    /// <summary>
    /// Names this process in instance leases; must differ between nodes sharing a database. The default (machine,
    /// process id, random suffix) is new on every start, so a restarted node never mistakes a dead run's lease for its own.
    /// </summary>
    public string NodeId { get; set; } = $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>How long a running instance stays claimed without a heartbeat; a dead node's instances wait this long before another node continues them.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often Running instances whose lease ran out (or that nobody claimed) are looked for and continued.</summary>
    public TimeSpan RecoveryInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How many instances this node's dispatcher runs at once for calls made inside <see cref="Runtime.WorkflowDispatch.InBackground"/>
    /// (web requests); more wait their turn, holding their lease.
    /// </summary>
    public int MaxBackgroundRuns { get; set; } = 4;

    public JavaScriptOptions JavaScript { get; set; } = new();

    /// <summary>
    /// The hosts Elsa.SendHttpRequest may call (<c>ProfileEngine:Workflows:HttpAllowedHosts</c>): exact names, or
    /// <c>*.example.com</c> for its subdomains. Empty: no host at all. Loopback addresses only when listed.
    /// </summary>
    public List<string> HttpAllowedHosts { get; set; } = [];

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
