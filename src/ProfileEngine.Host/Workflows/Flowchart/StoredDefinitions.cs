using Microsoft.EntityFrameworkCore;
using ProfileEngine.Workflows.Definitions;
using ProfileEngine.Workflows.Persistence;
using ProfileEngine.Workflows.Runtime;

namespace ProfileEngine.Host.Workflows.Flowchart;

/// <summary>A stored version of a definition, read back into the definition model to be drawn.</summary>
public sealed record StoredDefinition(WorkflowDefinitionRecord Record, WorkflowDefinition? Definition, IReadOnlyList<DefinitionProblem> Problems);

public static class StoredDefinitions
{
    /// <summary>The version asked for; without one, the published version, else the latest. Null when there is none.</summary>
    public static async Task<StoredDefinition?> FindAsync(IWorkflowDbContextSource contexts, string definitionId, int? version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(contexts);
        await using var db = await contexts.CreateAsync(cancellationToken);
        var versions = db.Set<WorkflowDefinitionRecord>().AsNoTracking().Where(r => r.DefinitionId == definitionId);
        var record = version is { } number
            ? await versions.FirstOrDefaultAsync(r => r.Version == number, cancellationToken)
            : await versions.OrderByDescending(r => r.IsPublished).ThenByDescending(r => r.Version).FirstOrDefaultAsync(cancellationToken);
        if (record is null)
        {
            return null;
        }

        // The store accepted this JSON once; a reader that has since become stricter is reported, not thrown.
        var read = DefinitionReader.Read(record.Json, $"{definitionId} v{record.Version}");
        return new StoredDefinition(record, read.Definition, read.Problems);
    }
}
