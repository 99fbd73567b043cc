using System.Text.Json.Serialization;

namespace ProfileEngine.Connectors.Webex.Models;

/// <summary>The body of <c>POST /v1/access_token</c>.</summary>
public sealed record WebexTokenResponse
{
    [JsonPropertyName("access_token")]
    public required string AccessToken { get; init; }

    [JsonPropertyName("expires_in")]
    public long ExpiresIn { get; init; }

    [JsonPropertyName("refresh_token")]
    public string? RefreshToken { get; init; }

    [JsonPropertyName("refresh_token_expires_in")]
    public long? RefreshTokenExpiresIn { get; init; }

    [JsonPropertyName("token_type")]
    public string? TokenType { get; init; }

    /// <summary>
    /// Space-separated granted scopes, when the answer carries them (standard OAuth 2.0; not confirmed for Webex,
    /// whose documented token answer does not list it).
    /// </summary>
    [JsonPropertyName("scope")]
    public string? Scope { get; init; }

    public override string ToString() =>
        $"WebexTokenResponse {{ AccessToken = ***, ExpiresIn = {ExpiresIn}, RefreshToken = ***, RefreshTokenExpiresIn = {RefreshTokenExpiresIn}, TokenType = {TokenType}, Scope = {Scope} }}";
}
