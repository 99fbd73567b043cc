namespace ProfileEngine.Connectors.Webex;

/// <summary>
/// What one client instance talks to: the Webex base URL (REST under <c>v1/</c>, SCIM under <c>identity/scim/</c>),
/// the OAuth integration's credentials and the current tokens.
/// </summary>
public sealed record WebexConnection
{
    /// <summary>For example <c>https://webexapis.com/</c> or the simulator's <c>http://127.0.0.1:port/</c>.</summary>
    public required Uri BaseAddress { get; init; }

    public required string ClientId { get; init; }

    public required string ClientSecret { get; init; }

    public required WebexTokens Tokens { get; init; }

    /// <summary>
    /// Called after every token refresh with the new tokens; the caller must persist them (including the
    /// refresh token, which Webex may have rotated) before the old ones are lost.
    /// </summary>
    public required Func<WebexTokens, CancellationToken, Task> OnTokensRefreshed { get; init; }

    public override string ToString() =>
        $"WebexConnection {{ BaseAddress = {BaseAddress}, ClientId = {ClientId}, ClientSecret = ***, Tokens = {Tokens} }}";
}
