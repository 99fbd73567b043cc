namespace ProfileEngine.Workflows.Runtime;

/// <summary>
/// A start ran on the version this node remembered as published, and found before writing anything or running an
/// activity with side effects that another version is published now (see <c>WorkflowRuntime.StartAsync</c>).
/// </summary>
internal sealed class PublishedVersionChangedException(PublishedVersion version)
    : Exception($"Version {version.Version} of the workflow definition '{version.DefinitionId}' is no longer the published one.")
{
    public PublishedVersion Version { get; } = version;
}
