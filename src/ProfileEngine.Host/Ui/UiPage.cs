using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ProfileEngine.Connectors;
using ProfileEngine.Messaging;
using ProfileEngine.Templates;

namespace ProfileEngine.Host.Ui;

/// <summary>
/// A page of the web UI. Pages only send the engine's Mediator requests; what a request refuses comes back as
/// the page's errors by field (the same refusals the API answers with problem details).
/// </summary>
public abstract class UiPage : PageModel
{
    /// <summary>Runs a change; a refusal becomes model errors and the page is shown again.</summary>
    protected async Task<IActionResult> AttemptAsync(Func<Task<IActionResult>> change, Func<Task<IActionResult>> showAgain)
    {
        ArgumentNullException.ThrowIfNull(change);
        ArgumentNullException.ThrowIfNull(showAgain);
        try
        {
            return await change();
        }
        catch (RequestValidationException refused)
        {
            foreach (var (field, messages) in refused.Errors)
            {
                foreach (var message in messages)
                {
                    ModelState.AddModelError(field, message);
                }
            }
        }
        catch (RequestNotFoundException missing)
        {
            ModelState.AddModelError(missing.Field, missing.Message);
        }
        catch (RequestConflictException stale)
        {
            ModelState.AddModelError(stale.Field, stale.Message + " Reload the page and repeat the change.");
        }
        catch (VendorCallException vendor)
        {
            ModelState.AddModelError(vendor.Vendor, vendor.Message);
        }
        catch (TemplateException template)
        {
            ModelState.AddModelError("Template", template.Message);
        }

        return await showAgain();
    }

    /// <summary>For a page whose actions need different roles: true (and the caller forbids) when the user lacks it.</summary>
    protected bool Lacks(string role) => !User.IsInRole(role);

    protected void Notice(string message) => TempData["Notice"] = message;
}
