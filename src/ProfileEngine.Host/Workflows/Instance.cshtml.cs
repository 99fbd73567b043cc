using Microsoft.AspNetCore.Mvc;
using ProfileEngine.Host.Ui;
using ProfileEngine.Users;
using ProfileEngine.Workflows.Persistence;
using ProfileEngine.Workflows.Runtime;

namespace ProfileEngine.Host.Workflows;

/// <summary>A workflow instance (a job result's run) with its activity log; an operator retries a faulted one.</summary>
public sealed class InstanceModel(IWorkflowRuntime runtime) : UiPage
{
    [BindProperty(SupportsGet = true)]
    public string InstanceId { get; set; } = "";

    public WorkflowInstanceDetails? Details { get; private set; }

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
        return Details is null ? NotFound() : Page();
    }
}
