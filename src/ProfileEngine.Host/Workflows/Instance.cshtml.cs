using Microsoft.AspNetCore.Mvc;
using ProfileEngine.Host.Ui;
using ProfileEngine.Users;
using ProfileEngine.Workflows.Loading;
using ProfileEngine.Workflows.Persistence;
using ProfileEngine.Workflows.Runtime;

namespace ProfileEngine.Host.Workflows;

/// <summary>A workflow instance (a job result's run) with its activity log; an operator retries a faulted one.</summary>
public sealed class InstanceModel(IWorkflowRuntime runtime) : UiPage
{
    [BindProperty(SupportsGet = true)]
    public string InstanceId { get; set; } = "";

    public WorkflowInstanceDetails? Details { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        Details = await runtime.GetAsync(InstanceId, HttpContext.RequestAborted);
        return Details is null ? NotFound() : Page();
    }

    public async Task<IActionResult> OnPostRetryAsync()
    {
        if (Lacks(EngineRoles.Operator))
        {
            return Forbid();
        }

        try
        {
            var run = await runtime.RetryAsync(InstanceId, HttpContext.RequestAborted);
            Notice(run.Status == WorkflowStatus.Running
                ? "Retried: the instance runs again from the failed activity, in the background; this page refreshes while it runs."
                : $"Retried: the instance is {run.Status}{(run.FaultMessage is { } fault ? $" ({fault})" : "")}.");
        }
        catch (Exception e) when (e is WorkflowStateException or WorkflowNotFoundException)
        {
            Notice(e.Message);
        }

        return Redirect($"/ui/workflows/instances/{InstanceId}");
    }
}
