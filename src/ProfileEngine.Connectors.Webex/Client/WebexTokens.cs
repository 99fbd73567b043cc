using ProfileEngine.Connectors.Webex.Models;

namespace ProfileEngine.Connectors.Webex;

/// <summary>The OAuth tokens of one Webex connection, with their absolute expiry times.</summary>
public sealed record WebexTokens(
    string AccessToken,
    DateTimeOffset AccessTokenExpiresAt,
    string RefreshToken,
    DateTimeOffset? RefreshTokenExpiresAt)
{
    /// <summary>
    /// Builds the tokens from a token response. Webex may or may not rotate the refresh token, so the returned one
    /// is used when present and the previous one is kept otherwise.
    /// </summary>
    public static WebexTokens FromResponse(WebexTokenResponse response, DateTimeOffset receivedAt, WebexTokens? previous = null)
    {
        ArgumentNullException.ThrowIfNull(response);
        var refreshToken = string.IsNullOrEmpty(response.RefreshToken) ? previous?.RefreshToken : response.RefreshToken;
        if (refreshToken is null)
        {
            throw new ArgumentException("The token response carries no refresh_token and there is no previous one to keep.", nameof(response));
        }

        return new WebexTokens(
            response.AccessToken,
            receivedAt.AddSeconds(response.ExpiresIn),
            refreshToken,
            response.RefreshTokenExpiresIn is { } seconds ? receivedAt.AddSeconds(seconds) : previous?.RefreshTokenExpiresAt);
    }

    public static WebexTokens From(VendorTokens tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        // Webex always issues both; a stored connection without them was not made by Webex's Connect.
        return new(
            tokens.AccessToken,
            tokens.AccessTokenExpiresAt ?? throw new InvalidOperationException("A Webex access token always has an expiry; this connection's tokens were not issued by Webex's Connect."),
            tokens.RefreshToken ?? throw new InvalidOperationException("A Webex connection always has a refresh token; this connection's tokens were not issued by Webex's Connect."),
            tokens.RefreshTokenExpiresAt);
    }

    public VendorTokens ToVendorTokens() => new(AccessToken, AccessTokenExpiresAt, RefreshToken, RefreshTokenExpiresAt);

    public override string ToString() =>
        $"WebexTokens {{ AccessToken = ***, AccessTokenExpiresAt = {AccessTokenExpiresAt:O}, RefreshToken = ***, RefreshTokenExpiresAt = {RefreshTokenExpiresAt:O} }}";
}
