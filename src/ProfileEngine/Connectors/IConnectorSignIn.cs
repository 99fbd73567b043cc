namespace ProfileEngine.Connectors;

/// <summary>
/// A connector's sign-in, used by Connect. OAuth authorization code: where to send the operator, and what the code they
/// come back with is worth. Bearer token or client credentials: the credential checked (and tokens bought) at once.
/// The engine keeps the state, the connection and its encrypted tokens.
/// </summary>
public interface IConnectorSignIn
{
    /// <summary>Signs in without a browser, for the methods the connector accepts besides the authorization code.</summary>
    Task<ConnectorSignedIn> SignInDirectAsync(ConnectorCredentials credentials, CancellationToken cancellationToken) =>
        throw new NotSupportedException($"This connector signs in only with the OAuth authorization code, not {credentials?.Method}.");

    /// <summary>The vendor's authorize URL for these scopes and this <paramref name="state"/>.</summary>
    Uri AuthorizeUri(Uri baseAddress, string clientId, string redirectUri, IEnumerable<string> scopes, string state);

    /// <summary>Exchanges the code for tokens and reads which account (org, tenant) they belong to.</summary>
    Task<ConnectorSignedIn> CompleteAsync(ConnectorCodeExchange exchange, CancellationToken cancellationToken);
}

/// <summary>What Connect hands the connector once the operator is back with a code.</summary>
public sealed record ConnectorCodeExchange(Uri BaseAddress, string ClientId, string ClientSecret, string Code, string RedirectUri)
{
    public override string ToString() => $"ConnectorCodeExchange {{ BaseAddress = {BaseAddress}, ClientId = {ClientId}, ClientSecret = ***, Code = ***, RedirectUri = {RedirectUri} }}";
}

/// <summary>What a browserless sign-in gets: the connection's credential in clear (only inside the process).</summary>
public sealed record ConnectorCredentials(Uri BaseAddress, Connections.ConnectionMethod Method, string ClientId, string Secret, Uri? TokenUrl, IReadOnlyList<string> Scopes)
{
    public override string ToString() => $"ConnectorCredentials {{ BaseAddress = {BaseAddress}, Method = {Method}, ClientId = {ClientId}, Secret = ***, TokenUrl = {TokenUrl} }}";
}

/// <param name="GrantedScopes">Null when the vendor's answer lists none; then the consent covered what was asked for.</param>
/// <param name="AccountId">The vendor's id of the org or tenant the tokens belong to.</param>
public sealed record ConnectorSignedIn(VendorTokens Tokens, IReadOnlyList<string>? GrantedScopes, string? AccountId);
