using System.Globalization;
using Microsoft.EntityFrameworkCore;
using ProfileEngine.Workflows.Activities;
using ProfileEngine.Workflows.Definitions;
using ProfileEngine.Workflows.Persistence;
using ProfileEngine.Workflows.Runtime;

namespace ProfileEngine.Workflows.Loading;

/// <summary>
/// One stored definition version as a file a real Elsa 3 imports (<see cref="DefinitionWriter.Export"/>): the version
/// asked for, or else the published one, or else the latest.
/// </summary>
public sealed class WorkflowDefinitionExporter(IWorkflowDbContextSource contexts, ActivityRegistry registry)
{
    /// <exception cref="WorkflowNotFoundException">No such definition, or no such version of it.</exception>
    public async Task<DefinitionExport> ExportAsync(string definitionId, int? version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(definitionId);
        await using var db = await contexts.CreateAsync(cancellationToken);
        var versions = await db.Set<WorkflowDefinitionRecord>().AsNoTracking()
            .Where(r => r.DefinitionId == definitionId).OrderBy(r => r.Version).ToListAsync(cancellationToken);
        if (versions.Count == 0)
        {
            throw new WorkflowNotFoundException($"There is no workflow definition '{definitionId}'.");
        }

        var record = version is { } wanted
            ? versions.FirstOrDefault(v => v.Version == wanted)
                ?? throw new WorkflowNotFoundException(
                    $"The workflow definition '{definitionId}' has no version {wanted} (its versions: {string.Join(", ", versions.Select(v => v.Version.ToString(CultureInfo.InvariantCulture)))}).")
            : versions.FirstOrDefault(v => v.IsPublished) ?? versions.First(v => v.IsLatest);

        var source = $"{definitionId} v{record.Version}";
        var read = DefinitionReader.Read(record.Json, source, registry);
        if (read.Definition is not { } definition)
        {
            throw new InvalidOperationException($"The stored {source} cannot be read: {string.Join("; ", read.Problems)}");
        }

        return new DefinitionExport(definitionId, record.Version, $"{definitionId}-v{record.Version}.json", DefinitionWriter.Export(definition, registry));
    }
}

/// <summary>An exported definition version: the file name to give it and its JSON.</summary>
public sealed record DefinitionExport(string DefinitionId, int Version, string FileName, string Json);
