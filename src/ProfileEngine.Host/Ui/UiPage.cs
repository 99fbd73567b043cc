using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ProfileEngine.Host.Ui;

/// <summary>
/// A page of the web UI. Pages only send the engine's Mediator requests and redirect; what a request refuses comes
/// back as the page's errors by field (the same refusals the API answers with problem details), shown on the page
/// again by <see cref="EngineProblemsPageFilter"/>.
/// </summary>
public abstract class UiPage : PageModel
{
    /// <summary>
    /// The page as it is now, after a change was refused: a page that shows records loads them again here (the
    /// refusal is already in <see cref="PageModel.ModelState"/>). A missing record here answers 404.
    /// </summary>
    protected internal virtual Task<IActionResult> ShowAgainAsync() => Task.FromResult<IActionResult>(Page());

    /// <summary>For a page whose actions need different roles: true (and the caller forbids) when the user lacks it.</summary>
    protected bool Lacks(string role) => !User.IsInRole(role);

    protected void Notice(string message) => TempData["Notice"] = message;
}
