using ProfileEngine.Audit;

namespace ProfileEngine.Connections;

public enum ConnectionStatus
{
    /// <summary>Details are set, but no one has completed Connect yet.</summary>
    NotConnected,

    /// <summary>Tokens are stored and were accepted by the vendor.</summary>
    Connected,

    /// <summary>The vendor refused the refresh token or credential (revoked or expired); an operator must run Connect again.</summary>
    NeedsReauthorization,
}

/// <summary>How a connection signs in at the vendor; the connector says which it accepts.</summary>
public enum ConnectionMethod
{
    /// <summary>OAuth authorization code: Connect sends the operator to the vendor's consent page.</summary>
    AuthorizationCode,

    /// <summary>A long-lived bearer token the vendor issued (a SCIM token), kept as the client secret.</summary>
    BearerToken,

    /// <summary>OAuth client credentials: the engine buys tokens at <see cref="Connection.TokenUrl"/> itself.</summary>
    ClientCredentials,
}

/// <summary>
/// The connection and credential of one alias: where the vendor is, the credentials of its integration and the tokens
/// they bought. The client secret and the tokens are stored only as Data Protection ciphertext
/// (<see cref="SecretProtector"/>) and never leave the process in clear.
/// </summary>
public sealed class Connection : IAudited
{
    public Guid Id { get; set; }

    public Guid AliasId { get; set; }

    public ConnectionAlias? Alias { get; set; }

    /// <summary>Where the vendor's API is, e.g. a SCIM application's <c>https://app.example.com/scim/v2/</c>.</summary>
    public required string BaseUrl { get; set; }

    public ConnectionMethod Method { get; set; }

    /// <summary>Where client-credentials tokens are bought; null for the other methods.</summary>
    public string? TokenUrl { get; set; }

    public required string ClientId { get; set; }

    [MaskedInAudit]
    public required string ProtectedClientSecret { get; set; }

    public required string RedirectUri { get; set; }

    [MaskedInAudit]
    public string? ProtectedAccessToken { get; set; }

    public DateTimeOffset? AccessTokenExpiresAt { get; set; }

    [MaskedInAudit]
    public string? ProtectedRefreshToken { get; set; }

    public DateTimeOffset? RefreshTokenExpiresAt { get; set; }

    /// <summary>Space-separated scopes the authorization granted.</summary>
    public string? GrantedScopes { get; set; }

    /// <summary>The vendor's id of the org or tenant the tokens belong to, when it says.</summary>
    public string? OrgId { get; set; }

    public ConnectionStatus Status { get; set; }

    public DateTimeOffset? ConnectedAt { get; set; }

    public string? ConnectedBy { get; set; }

    public DateTimeOffset? TokensRefreshedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Keeps what a sign-in bought (encrypted) and marks the connection connected.</summary>
    public void StoreSignIn(Connectors.ConnectorSignedIn signedIn, string requestedScopes, SecretProtector protector, string connectedBy, DateTimeOffset connectedAt, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(signedIn);
        ArgumentNullException.ThrowIfNull(protector);
        StoreTokens(signedIn.Tokens, protector);
        GrantedScopes = signedIn.GrantedScopes is { } granted ? string.Join(' ', granted) : requestedScopes;
        OrgId = signedIn.AccountId;
        Status = ConnectionStatus.Connected;
        ConnectedAt = connectedAt;
        ConnectedBy = connectedBy;
        UpdatedAt = now;
    }

    /// <summary>Keeps new tokens (encrypted); a token the vendor did not issue (no refresh token, no expiry) is stored as none.</summary>
    public void StoreTokens(Connectors.VendorTokens tokens, SecretProtector protector)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(protector);
        ProtectedAccessToken = protector.Protect(tokens.AccessToken);
        AccessTokenExpiresAt = tokens.AccessTokenExpiresAt;
        ProtectedRefreshToken = tokens.RefreshToken is null ? null : protector.Protect(tokens.RefreshToken);
        RefreshTokenExpiresAt = tokens.RefreshTokenExpiresAt;
    }

    /// <summary>Drops the tokens, e.g. when the integration's credentials change and they no longer belong to it.</summary>
    public void ForgetTokens()
    {
        ProtectedAccessToken = null;
        AccessTokenExpiresAt = null;
        ProtectedRefreshToken = null;
        RefreshTokenExpiresAt = null;
        GrantedScopes = null;
        OrgId = null;
        ConnectedAt = null;
        ConnectedBy = null;
        Status = ConnectionStatus.NotConnected;
    }
}
