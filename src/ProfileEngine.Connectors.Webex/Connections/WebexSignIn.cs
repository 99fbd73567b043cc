namespace ProfileEngine.Connectors.Webex.Connections;

/// <summary>
/// Connect for a Webex integration: the <c>/v1/authorize</c> URL, then the code exchanged once for tokens and the org
/// read from <c>GET /v1/people/me</c> with them (a refresh during that call is kept).
/// </summary>
public sealed class WebexSignIn(IWebexAuthorization authorization, IWebexClientFactory clients) : IConnectorSignIn
{
    public Uri AuthorizeUri(Uri baseAddress, string clientId, string redirectUri, IEnumerable<string> scopes, string state) =>
        authorization.AuthorizeUri(baseAddress, clientId, redirectUri, scopes, state);

    public async Task<ConnectorSignedIn> CompleteAsync(ConnectorCodeExchange exchange, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        var exchanged = await authorization.ExchangeCodeAsync(
            new WebexCodeExchange(exchange.BaseAddress, exchange.ClientId, exchange.ClientSecret, exchange.Code, exchange.RedirectUri), cancellationToken);
        var tokens = exchanged.Tokens;
        var client = clients.Create(new WebexConnection
        {
            BaseAddress = exchange.BaseAddress,
            ClientId = exchange.ClientId,
            ClientSecret = exchange.ClientSecret,
            Tokens = tokens,
            OnTokensRefreshed = (fresh, _) =>
            {
                tokens = fresh;
                return Task.CompletedTask;
            },
        });
        var me = await client.GetPersonAsync("me", cancellationToken);

        // Webex's documented token answer carries no scope list (null); then the consent covered what was asked for.
        return new ConnectorSignedIn(tokens.ToVendorTokens(), exchanged.GrantedScopes, me.OrgId);
    }
}
