using Mediator;
using Microsoft.AspNetCore.Mvc;
using ProfileEngine.Connections;
using ProfileEngine.Host.Ui;
using ProfileEngine.Profiles;
using ProfileEngine.Users;
using ProfileEngine.Connectors;

namespace ProfileEngine.Host.Connections;

/// <summary>Each connector's four parent aliases and every alias a profile uses, with their connection status; admins add child aliases.</summary>
public sealed class ConnectionsModel(ISender sender, VendorConnectors connectors) : UiPage
{
    public IReadOnlyList<string> Parents => [.. connectors.All.SelectMany(c => c.Aliases.ParentNames)];

    [BindProperty]
    public string Name { get; set; } = "";

    [BindProperty]
    public string ParentAlias { get; set; } = "";

    [BindProperty]
    public bool UsesAdminAudit { get; set; }

    [BindProperty]
    public bool UsesScimDirectory { get; set; }

    public IReadOnlyList<ConnectionStatusView> Aliases { get; private set; } = [];

    public async Task OnGetAsync()
    {
        var profiles = await sender.Send(new ListProfiles(), HttpContext.RequestAborted);
        var names = Parents.Concat(profiles.Select(p => p.ConnectionAlias)).Distinct(StringComparer.Ordinal);
        var aliases = new List<ConnectionStatusView>();
        foreach (var name in names)
        {
            aliases.Add(await sender.Send(new GetConnectionStatus(name), HttpContext.RequestAborted));
        }

        Aliases = aliases;
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (Lacks(EngineRoles.Admin))
        {
            return Forbid();
        }

        var alias = await sender.Send(new CreateChildAlias(Name, ParentAlias, UsesAdminAudit, UsesScimDirectory), HttpContext.RequestAborted);
        Notice($"Child alias {alias.Name} created; set its connection details and connect it.");
        return Redirect($"/ui/connections/{alias.Name}");
    }

    protected internal override async Task<IActionResult> ShowAgainAsync()
    {
        await OnGetAsync();
        return Page();
    }
}
