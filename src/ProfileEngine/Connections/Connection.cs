using ProfileEngine.Audit;

namespace ProfileEngine.Connections;

public enum ConnectionStatus
{
    /// <summary>Details are set, but no one has completed Connect yet.</summary>
    NotConnected,

    /// <summary>Tokens are stored and were accepted by Webex.</summary>
    Connected,

    /// <summary>Webex refused the refresh token (revoked or expired); an operator must run Connect again.</summary>
    NeedsReauthorization,
}

/// <summary>
/// The connection and credential of one alias: where Webex is, the OAuth integration's credentials and the tokens
/// it bought. The client secret and the tokens are stored only as Data Protection ciphertext
/// (<see cref="SecretProtector"/>) and never leave the process in clear.
/// </summary>
public sealed class Connection : IAudited
{
    public Guid Id { get; set; }

    public Guid AliasId { get; set; }

    public ConnectionAlias? Alias { get; set; }

    /// <summary>For example <c>https://webexapis.com/</c>; REST under <c>v1/</c>.</summary>
    public required string BaseUrl { get; set; }

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

    /// <summary>The Webex org the tokens belong to (<c>orgId</c> of <c>GET /v1/people/me</c>).</summary>
    public string? OrgId { get; set; }

    public ConnectionStatus Status { get; set; }

    public DateTimeOffset? ConnectedAt { get; set; }

    public string? ConnectedBy { get; set; }

    public DateTimeOffset? TokensRefreshedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

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
