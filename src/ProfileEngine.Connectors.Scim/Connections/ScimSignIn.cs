using ProfileEngine.Connections;
using ProfileEngine.Connectors.Scim.Client;

namespace ProfileEngine.Connectors.Scim.Connections;

/// <summary>
/// Connect for a SCIM application, without a browser: a bearer token is tried as it is, client credentials buy a
/// token first; either way one read of <c>/Users</c> proves the credential before the connection counts as connected.
/// </summary>
public sealed class ScimSignIn(IHttpClientFactory httpClients, ScimTokenBuyer tokens) : IConnectorSignIn
{
    public Uri AuthorizeUri(Uri baseAddress, string clientId, string redirectUri, IEnumerable<string> scopes, string state) =>
        throw new NotSupportedException("A SCIM application signs in with a bearer token or client credentials, not in the browser.");

    public Task<ConnectorSignedIn> CompleteAsync(ConnectorCodeExchange exchange, CancellationToken cancellationToken) =>
        throw new NotSupportedException("A SCIM application signs in with a bearer token or client credentials, not in the browser.");

    public async Task<ConnectorSignedIn> SignInDirectAsync(ConnectorCredentials credentials, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        var bought = credentials.Method switch
        {
            ConnectionMethod.BearerToken => new VendorTokens(credentials.Secret, null, null, null),
            ConnectionMethod.ClientCredentials => await tokens.BuyAsync(
                credentials.TokenUrl ?? throw new InvalidOperationException("Client credentials need a token URL."), credentials.ClientId, credentials.Secret, cancellationToken),
            _ => throw new NotSupportedException($"A SCIM application does not sign in with {credentials.Method}."),
        };
        var client = new ScimClient(httpClients.CreateClient(ScimConnectorServiceCollectionExtensions.HttpClientName), credentials.BaseAddress, _ => Task.FromResult(bought.AccessToken));
        if (!await client.CanListUsersAsync(cancellationToken))
        {
            throw new ScimCallException(System.Net.HttpStatusCode.NotFound, "GET", "Users", $"{credentials.BaseAddress} has no SCIM Users endpoint; the base URL must end where /Users starts (e.g. …/scim/v2/)", null);
        }

        return new ConnectorSignedIn(bought, null, null);
    }
}
