using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace ProfileEngine.WebexSimulator.OAuth;

/// <summary>What a live access token allows: its scopes and the signed-in admin's roles.</summary>
public sealed class Grant(IReadOnlyList<string> scopes, IReadOnlyList<string> roles, int person)
{
    public IReadOnlyList<string> Scopes { get; } = scopes;

    /// <summary>Role names, e.g. "Full Administrator", "Compliance Officer".</summary>
    public IReadOnlyList<string> Roles { get; } = roles;

    /// <summary>Ordinal of the signed-in person.</summary>
    public int Person { get; } = person;

    public bool HasScope(string scope) => Scopes.Contains(scope, StringComparer.Ordinal);

    public bool HasRole(string role) => Roles.Contains(role, StringComparer.OrdinalIgnoreCase);
}

/// <summary>Access tokens, refresh tokens and authorization codes, all timed on the simulator clock.</summary>
public sealed class TokenStore(TimeProvider clock, SimulatorOptions options)
{
    private static readonly TimeSpan CodeLifetime = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<string, (Grant Grant, DateTimeOffset Expires)> accessTokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (Grant Grant, DateTimeOffset Expires)> refreshTokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (Grant Grant, string ClientId, string RedirectUri, DateTimeOffset Expires)> codes = new(StringComparer.Ordinal);

    public IssuedToken Issue(Grant grant, TimeSpan? accessLifetime = null)
    {
        var now = clock.GetUtcNow();
        var access = accessLifetime ?? options.AccessTokenLifetime;
        var refreshToken = NewSecret(48);
        refreshTokens[refreshToken] = (grant, now + options.RefreshTokenLifetime);
        return IssueAccess(grant, now, access, refreshToken, options.RefreshTokenLifetime);
    }

    /// <summary>The grant of a live access token, or null when unknown or expired.</summary>
    public Grant? Validate(string accessToken) =>
        accessTokens.TryGetValue(accessToken, out var entry) && entry.Expires > clock.GetUtcNow() ? entry.Grant : null;

    /// <summary>A new access token for a live refresh token; with rotation the old refresh token dies.</summary>
    public IssuedToken? Refresh(string refreshToken)
    {
        var now = clock.GetUtcNow();
        if (!refreshTokens.TryGetValue(refreshToken, out var entry) || entry.Expires <= now)
        {
            return null;
        }

        if (!options.RotateRefreshTokens)
        {
            return IssueAccess(entry.Grant, now, options.AccessTokenLifetime, refreshToken, entry.Expires - now);
        }

        if (!refreshTokens.TryRemove(refreshToken, out _))
        {
            return null;
        }

        var rotated = NewSecret(48);
        refreshTokens[rotated] = (entry.Grant, now + options.RefreshTokenLifetime);
        return IssueAccess(entry.Grant, now, options.AccessTokenLifetime, rotated, options.RefreshTokenLifetime);
    }

    public string NewCode(Grant grant, string clientId, string redirectUri)
    {
        var code = NewSecret(32);
        codes[code] = (grant, clientId, redirectUri, clock.GetUtcNow() + CodeLifetime);
        return code;
    }

    /// <summary>Redeems a code once; null when unknown, used, expired or issued to another client/redirect.</summary>
    public Grant? RedeemCode(string code, string clientId, string redirectUri) =>
        codes.TryRemove(code, out var entry) && entry.Expires > clock.GetUtcNow()
            && entry.ClientId == clientId && entry.RedirectUri == redirectUri
            ? entry.Grant
            : null;

    public void ExpireAccessTokens()
    {
        var now = clock.GetUtcNow();
        foreach (var (token, entry) in accessTokens)
        {
            accessTokens[token] = (entry.Grant, now);
        }
    }

    private IssuedToken IssueAccess(Grant grant, DateTimeOffset now, TimeSpan lifetime, string refreshToken, TimeSpan refreshLeft)
    {
        var accessToken = NewSecret(48);
        accessTokens[accessToken] = (grant, now + lifetime);
        return new IssuedToken(accessToken, refreshToken, (long)lifetime.TotalSeconds, (long)refreshLeft.TotalSeconds);
    }

    private static string NewSecret(int bytes) =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(bytes)).Replace('+', 'A').Replace('/', 'B').TrimEnd('=');
}
