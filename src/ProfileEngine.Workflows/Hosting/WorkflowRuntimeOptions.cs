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
}
