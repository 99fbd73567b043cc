using Microsoft.Extensions.Logging;
using ProfileEngine.Workflows.Definitions;

namespace ProfileEngine.Workflows.Loading;

/// <summary>
/// Loads every <c>*.json</c> of the definitions folder: reads, validates, and stores new versions. A bad file is
/// reported (file, JSON path, reason) and never stops the others.
/// </summary>
public sealed class WorkflowDefinitionLoader(
    DefinitionValidator validator,
    WorkflowDefinitionStore store,
    DefinitionLoadReports reports,
    ILogger<WorkflowDefinitionLoader> logger)
{
    public async Task<DefinitionLoadReport> LoadFolderAsync(string folder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(folder);
        var imported = new List<ImportResult>();
        var problems = new List<DefinitionProblem>();
        var warnings = new List<DefinitionProblem>();
        var claimed = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!Directory.Exists(folder))
        {
            problems.Add(new DefinitionProblem(folder, "$", "the workflow definitions folder does not exist"));
        }
        else
        {
            foreach (var file in Directory.EnumerateFiles(folder, "*.json", SearchOption.TopDirectoryOnly).Order(StringComparer.Ordinal))
            {
                var name = Path.GetFileName(file);
                var json = await File.ReadAllTextAsync(file, cancellationToken);
                var read = DefinitionReader.Read(json, name, validator.Registry);
                warnings.AddRange(read.Warnings);
                if (read.Definition is not { } definition)
                {
                    problems.AddRange(read.Problems);
                    continue;
                }

                var check = validator.Check(definition, name);
                warnings.AddRange(check.Warnings);
                if (check.Problems.Count > 0)
                {
                    problems.AddRange(check.Problems);
                    continue;
                }

                if (!claimed.TryAdd(definition.DefinitionId, name))
                {
                    problems.Add(new DefinitionProblem(name, "$.definitionId", $"the definition '{definition.DefinitionId}' is already loaded from {claimed[definition.DefinitionId]}"));
                    continue;
                }

                imported.Add(await store.ImportAsync(definition, name, cancellationToken));
            }
        }

        foreach (var problem in problems)
        {
            logger.LogWarning("Workflow definition not loaded: {Problem}", problem.ToString());
        }

        foreach (var warning in warnings)
        {
            logger.LogWarning("Workflow definition loaded with a warning: {Warning}", warning.ToString());
        }

        foreach (var result in imported.Where(r => r.Outcome != ImportOutcome.Unchanged))
        {
            logger.LogInformation("Workflow definition {DefinitionId} v{Version}: {Outcome}", result.DefinitionId, result.Version, result.Outcome);
        }

        var report = new DefinitionLoadReport(folder, imported, problems) { Warnings = warnings };
        reports.Latest = report;
        return report;
    }
}

public sealed record DefinitionLoadReport(string Folder, IReadOnlyList<ImportResult> Imported, IReadOnlyList<DefinitionProblem> Problems)
{
    /// <summary>What was filled in or ignored in files that did load (a missing id, an input the activity does not have).</summary>
    public IReadOnlyList<DefinitionProblem> Warnings { get; init; } = [];
}

/// <summary>The last load's report, for the API that lists definition problems.</summary>
public sealed class DefinitionLoadReports
{
    public DefinitionLoadReport? Latest { get; set; }
}
