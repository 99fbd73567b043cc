using ProfileEngine.Audit;

namespace ProfileEngine.Connections;

/// <summary>
/// One started Connect: the OAuth <c>state</c> handed to the vendor, bound to the operator who started it and the
/// alias it is for, single use and short-lived. Only the SHA-256 of the state is stored, so a copy of the
/// database cannot be used to complete someone else's sign-in.
/// </summary>
public sealed class OAuthAuthorization : IAudited
{
    public Guid Id { get; set; }

    [MaskedInAudit]
    public required string StateHash { get; set; }

    public Guid AliasId { get; set; }

    public required string Operator { get; set; }

    /// <summary>The redirect URI sent to /v1/authorize; the code exchange must send the same one.</summary>
    public required string RedirectUri { get; set; }

    public required string RequestedScopes { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset? UsedAt { get; set; }
}
