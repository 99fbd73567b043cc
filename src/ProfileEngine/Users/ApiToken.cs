using System.Security.Cryptography;
using System.Text;
using ProfileEngine.Audit;

namespace ProfileEngine.Users;

/// <summary>
/// A personal API token for the REST API and the CLI. Only its SHA-256 hash is stored: the token itself is shown
/// once, when it is created. <see cref="Prefix"/> (the first characters) lets a person tell their tokens apart.
/// </summary>
public sealed class ApiToken : IAudited
{
    public const string TokenStart = "pe_";

    public Guid Id { get; set; }

    public required string UserId { get; set; }

    public required string UserName { get; set; }

    public required string Name { get; set; }

    [MaskedInAudit]
    public required string Hash { get; set; }

    public required string Prefix { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? ExpiresAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    public bool IsActiveAt(DateTimeOffset now) => RevokedAt is null && (ExpiresAt is not { } expires || expires > now);

    /// <summary>A new random token: <c>pe_</c> and 43 URL-safe characters (256 bits).</summary>
    public static string NewSecret() =>
        TokenStart + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string HashOf(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
