using Mediator;
using Microsoft.AspNetCore.Mvc;
using ProfileEngine.Connections;
using ProfileEngine.Connectors;
using ProfileEngine.Host.Ui;
using ProfileEngine.Users;

namespace ProfileEngine.Host.Connections;

/// <summary>
/// One alias: its connection's status, expiry and granted scopes (never the secret or a token); operators set the
/// details and Connect: with the OAuth authorization code the browser goes to the vendor's consent page and back to
/// <c>/ui/connections/callback</c>; with a bearer token or client credentials the connector checks them at once.
/// </summary>
public sealed class AliasModel(ISender sender, VendorConnectors connectors) : UiPage
{
    public const string CallbackPath = Simulator.EmbeddedSimulator.UiCallbackPath;

    [BindProperty(SupportsGet = true)]
    public string Alias { get; set; } = "";

    [BindProperty]
    public string? BaseUrl { get; set; }

    [BindProperty]
    public string? ClientId { get; set; }

    [BindProperty]
    public string? ClientSecret { get; set; }

    [BindProperty]
    public string? RedirectUri { get; set; }

    [BindProperty]
    public ConnectionMethod? Method { get; set; }

    [BindProperty]
    public string? TokenUrl { get; set; }

    public ConnectionStatusView? Status { get; private set; }

    /// <summary>The connector that owns this alias (null when none registered does).</summary>
    public VendorConnector? Connector { get; private set; }

    public string DefaultRedirectUri => $"{Request.Scheme}://{Request.Host}{CallbackPath}";

    public Task<IActionResult> OnGetAsync() => ShowAsync();

    public Task<IActionResult> OnPostDetailsAsync()
    {
        var secret = string.IsNullOrEmpty(ClientSecret) ? null : ClientSecret;
        return AsOperator(async () =>
        {
            await sender.Send(
                new SetConnectionDetails(Alias, BaseUrl ?? "", ClientId, secret, RedirectUri, Method ?? ConnectionMethod.AuthorizationCode, TokenUrl),
                HttpContext.RequestAborted);
            Notice("Connection details saved.");
            return Redirect($"/ui/connections/{Alias}");
        });
    }

    public Task<IActionResult> OnPostConnectAsync() => AsOperator(async () =>
    {
        var status = await sender.Send(new GetConnectionStatus(Alias), HttpContext.RequestAborted);
        if (status.Method is { } method && method != nameof(ConnectionMethod.AuthorizationCode))
        {
            var signedIn = await sender.Send(new SignInWithCredentials(Alias), HttpContext.RequestAborted);
            Notice($"Signed in: the connection is {signedIn.Status}.");
            return Redirect($"/ui/connections/{Alias}");
        }

        var started = await sender.Send(new StartConnect(Alias), HttpContext.RequestAborted);
        return Redirect(started.AuthorizeUrl.AbsoluteUri);
    });

    protected internal override Task<IActionResult> ShowAgainAsync() => ShowAsync();

    private Task<IActionResult> AsOperator(Func<Task<IActionResult>> action)
    {
        if (Lacks(EngineRoles.Operator))
        {
            return Task.FromResult<IActionResult>(Forbid());
        }

        // The secret typed in is never sent back to the browser, not even when the page shows errors.
        ClientSecret = null;
        return action();
    }

    private async Task<IActionResult> ShowAsync()
    {
        Status = await sender.Send(new GetConnectionStatus(Alias), HttpContext.RequestAborted);
        Connector = connectors.OwnerOfParent(Status.ParentAlias ?? Status.Alias);
        return Page();
    }
}
