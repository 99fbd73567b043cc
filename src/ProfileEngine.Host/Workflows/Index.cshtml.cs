using Microsoft.AspNetCore.Mvc;
using ProfileEngine.Host.Ui;
using ProfileEngine.Workflows.Definitions;
using ProfileEngine.Workflows.Hosting;
using ProfileEngine.Workflows.Loading;
using ProfileEngine.Workflows.Persistence;
using ProfileEngine.Workflows.Runtime;

namespace ProfileEngine.Host.Workflows;

/// <summary>The live definitions, the problems and warnings of the last load (file, JSON path, reason), and the instances.</summary>
public sealed class WorkflowsModel(WorkflowDefinitionStore store, DefinitionLoadReports reports, IWorkflowRuntime runtime) : UiPage
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true)]
    public string? Status { get; set; }

    [BindProperty(SupportsGet = true)]
    public int Skip { get; set; }

    public IReadOnlyList<DefinitionVersion> Definitions { get; private set; } = [];

    public IReadOnlyList<DefinitionProblem> Problems { get; private set; } = [];

    /// <summary>What the last load filled in or ignored in files it loaded (e.g. an input the activity does not have).</summary>
    public IReadOnlyList<DefinitionProblem> Warnings { get; private set; } = [];

    public IReadOnlyList<WorkflowInstanceSummary> Instances { get; private set; } = [];

    public async Task OnGetAsync()
    {
        Definitions = await store.ListLiveAsync(HttpContext.RequestAborted);
        Problems = reports.Latest?.Problems ?? [];
        Warnings = reports.Latest?.Warnings ?? [];
        WorkflowStatus? status = Enum.TryParse<WorkflowStatus>(Status, out var parsed) ? parsed : null;
        Instances = await runtime.ListAsync(new WorkflowInstanceFilter(null, status, null, Math.Max(0, Skip), PageSize), HttpContext.RequestAborted);
    }
}
