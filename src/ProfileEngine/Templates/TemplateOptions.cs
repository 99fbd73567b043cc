namespace ProfileEngine.Templates;

/// <summary>The <c>ProfileEngine:Templates</c> section.</summary>
public sealed class TemplateOptions
{
    public const string Section = "ProfileEngine:Templates";

    /// <summary>
    /// The folder holding the Scriban templates (<c>templates/</c> of the repository). A relative path is taken from
    /// the working directory, then from the folder of the binaries (the host copies the templates there).
    /// </summary>
    public string Folder { get; set; } = "templates";
}
