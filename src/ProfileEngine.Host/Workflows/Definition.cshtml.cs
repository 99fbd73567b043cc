using Microsoft.AspNetCore.Mvc;
using ProfileEngine.Host.Ui;
using ProfileEngine.Host.Workflows.Flowchart;
using ProfileEngine.Workflows.Definitions;
using ProfileEngine.Workflows.Loading;
using ProfileEngine.Workflows.Runtime;

namespace ProfileEngine.Host.Workflows;

/// <summary>One version of a definition drawn as a flowchart, with each activity's inputs; links to the other versions.</summary>
public sealed class DefinitionModel(WorkflowDefinitionStore store, IWorkflowDbContextSource contexts) : UiPage
{
    [BindProperty(SupportsGet = true)]
    public string DefinitionId { get; set; } = "";

    /// <summary>The version to show; none shows the published one (else the latest).</summary>
    [BindProperty(SupportsGet = true)]
    public int? Version { get; set; }

    public StoredDefinition? Shown { get; private set; }

    public IReadOnlyList<DefinitionVersion> Versions { get; private set; } = [];

    public FlowchartView? Flowchart { get; private set; }

    public IReadOnlyList<DefinitionProblem> Problems => Shown?.Problems ?? [];

    public async Task<IActionResult> OnGetAsync()
    {
        Shown = await StoredDefinitions.FindAsync(contexts, DefinitionId, Version, HttpContext.RequestAborted);
        if (Shown is null)
        {
            return NotFound();
        }

        Versions = await store.ListVersionsAsync(DefinitionId, HttpContext.RequestAborted);
        Flowchart = Shown.Definition is { } definition ? FlowchartViews.ForDefinition(definition) : null;
        return Page();
    }
}
