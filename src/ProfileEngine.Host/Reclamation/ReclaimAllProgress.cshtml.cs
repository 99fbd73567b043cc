using Mediator;
using Microsoft.AspNetCore.Mvc;
using ProfileEngine.Host.Ui;
using ProfileEngine.Reclamation;

namespace ProfileEngine.Host.Reclamation;

/// <summary>A background Reclaim All: refreshes itself while it runs, then shows what it did.</summary>
public sealed class ReclaimAllProgressModel(ISender sender) : UiPage
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    public ReclaimAllRunView? Run { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        Run = await sender.Send(new GetReclaimAllRun(Id), HttpContext.RequestAborted);
        if (Run.Status is BackgroundRunStatus.Queued or BackgroundRunStatus.Running)
        {
            ViewData["RefreshSeconds"] = 2;
        }

        return Page();
    }
}
