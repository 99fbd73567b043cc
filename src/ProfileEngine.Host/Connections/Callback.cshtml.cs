using Mediator;
using Microsoft.AspNetCore.Mvc;
using ProfileEngine.Connections;
using ProfileEngine.Connectors;
using ProfileEngine.Host.Ui;

namespace ProfileEngine.Host.Connections;

/// <summary>Where the vendor sends the operator's browser after consent: completes Connect and shows the alias.</summary>
public sealed class CallbackModel(ISender sender, VendorConnectors connectors) : UiPage
{
    public async Task<IActionResult> OnGetAsync(string? code, string? state, string? error, [FromQuery(Name = "error_description")] string? description)
    {
        if (error is not null)
        {
            ModelState.AddModelError("Connect", $"{connectors.Default.Vendor} did not authorize the connection: {error} {description}".Trim());
            return Page();
        }

        // What CompleteConnect refuses (an unknown or used state, the vendor refusing the code) is shown on this page.
        var status = await sender.Send(new CompleteConnect(state ?? "", code ?? ""), HttpContext.RequestAborted);
        Notice($"{status.Alias} connected: {status.Status}.");
        return Redirect($"/ui/connections/{status.Alias}");
    }
}
