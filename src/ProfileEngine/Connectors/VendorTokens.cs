namespace ProfileEngine.Connectors;

/// <summary>The OAuth tokens of one connection, with their absolute expiry times; what the engine stores (encrypted).</summary>
public sealed record VendorTokens(
    string AccessToken,
    DateTimeOffset AccessTokenExpiresAt,
    string RefreshToken,
    DateTimeOffset? RefreshTokenExpiresAt)
{
    public override string ToString() =>
        $"VendorTokens {{ AccessToken = ***, AccessTokenExpiresAt = {AccessTokenExpiresAt:O}, RefreshToken = ***, RefreshTokenExpiresAt = {RefreshTokenExpiresAt:O} }}";
}
