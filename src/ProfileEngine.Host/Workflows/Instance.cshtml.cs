using Microsoft.AspNetCore.Mvc;
using ProfileEngine.Host.Ui;
using ProfileEngine.Host.Workflows.Flowchart;
using ProfileEngine.Users;
using ProfileEngine.Workflows.Persistence;
using ProfileEngine.Workflows.Runtime;

namespace ProfileEngine.Host.Workflows;

/// <summary>A workflow instance (a job result's run) with its activity log; an operator retries a faulted one.</summary>
public sealed class InstanceModel(IWorkflowRuntime runtime, IWorkflowDbContextSource contexts) : UiPage
{
    [BindProperty(SupportsGet = true)]
    public string InstanceId { get; set; } = "";

    public WorkflowInstanceDetails? Details { get; private set; }

    /// <summary>The instance's definition version drawn with each activity's state; null when it cannot be drawn.</summary>
    public FlowchartView? Flowchart { get; private set; }

    public Task<IActionResult> OnGetAsync() => ShowAsync();

    public async Task<IActionResult> OnPostRetryAsync()
    {
        if (Lacks(EngineRoles.Operator))
        {
            return Forbid();
        }

        var run = await runtime.RetryAsync(InstanceId, HttpContext.RequestAborted);
        Notice(run.Status == WorkflowStatus.Running
            ? "Retried: the instance runs again from the failed activity, in the background; this page refreshes while it runs."
            : $"Retried: the instance is {run.Status}{(run.FaultMessage is { } fault ? $" ({fault})" : "")}.");
        return Redirect($"/ui/workflows/instances/{InstanceId}");
    }

    protected internal override Task<IActionResult> ShowAgainAsync() => ShowAsync();

    private async Task<IActionResult> ShowAsync()
    {
        Details = await runtime.GetAsync(InstanceId, HttpContext.RequestAborted);
        if (Details is null)
        {
            return NotFound();
        }

        var stored = await StoredDefinitions.FindAsync(contexts, Details.Summary.DefinitionId, Details.Summary.Version, HttpContext.RequestAborted);
        Flowchart = stored?.Definition is { } definition ? FlowchartViews.ForInstance(definition, Details) : null;
        return Page();
    }
}
