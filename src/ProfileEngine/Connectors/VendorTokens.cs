namespace ProfileEngine.Connectors;

/// <summary>
/// The tokens of one connection, with their absolute expiry times; what the engine stores (encrypted). A bearer token
/// the vendor issued for good has no expiry; client-credentials tokens have no refresh token.
/// </summary>
public sealed record VendorTokens(
    string AccessToken,
    DateTimeOffset? AccessTokenExpiresAt,
    string? RefreshToken,
    DateTimeOffset? RefreshTokenExpiresAt)
{
    public override string ToString() =>
        $"VendorTokens {{ AccessToken = ***, AccessTokenExpiresAt = {AccessTokenExpiresAt:O}, RefreshToken = ***, RefreshTokenExpiresAt = {RefreshTokenExpiresAt:O} }}";
}
