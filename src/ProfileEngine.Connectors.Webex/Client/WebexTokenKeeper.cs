using System.Net;
using Microsoft.Extensions.Logging;
using ProfileEngine.Connectors.Webex.Models;

namespace ProfileEngine.Connectors.Webex;

/// <summary>
/// Holds the current tokens of one connection and refreshes them: shortly before the known expiry, or when Webex
/// answers 401. Concurrent callers share one refresh.
/// </summary>
internal sealed class WebexTokenKeeper
{
    private readonly WebexConnection _connection;
    private readonly WebexClientOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> _send;
    private readonly Func<HttpResponseMessage, CancellationToken, Task<WebexCallFailure>> _describeFailure;
    private readonly Lock _sync = new();
    private WebexTokens _current;
    private Task<WebexTokens>? _refreshing;

    public WebexTokenKeeper(
        WebexConnection connection,
        WebexClientOptions options,
        TimeProvider timeProvider,
        ILogger logger,
        Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> send,
        Func<HttpResponseMessage, CancellationToken, Task<WebexCallFailure>> describeFailure)
    {
        _connection = connection;
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
        _send = send;
        _describeFailure = describeFailure;
        _current = connection.Tokens;
    }

    public WebexTokens Current
    {
        get
        {
            lock (_sync)
            {
                return _current;
            }
        }
    }

    /// <summary>The current tokens, refreshed first when the access token is about to expire.</summary>
    public async Task<WebexTokens> GetFreshAsync(CancellationToken cancellationToken)
    {
        var tokens = Current;
        if (_timeProvider.GetUtcNow() < tokens.AccessTokenExpiresAt - _options.RefreshBeforeExpiry)
        {
            return tokens;
        }

        _logger.LogInformation("Webex access token expires at {ExpiresAt}; refreshing it ahead of time", tokens.AccessTokenExpiresAt);
        return await RefreshAsync(tokens.AccessToken, cancellationToken);
    }

    /// <summary>
    /// Replaces <paramref name="rejectedAccessToken"/>. If another caller already replaced it, its result is used
    /// and no second refresh is made.
    /// </summary>
    public async Task<WebexTokens> RefreshAsync(string rejectedAccessToken, CancellationToken cancellationToken)
    {
        Task<WebexTokens> refresh;
        lock (_sync)
        {
            if (_current.AccessToken != rejectedAccessToken)
            {
                return _current;
            }

            // Not tied to the caller's token: once Webex has rotated the refresh token, the callback must get to
            // persist it even if this caller gave up, or the connection would be left with a dead refresh token.
            // Task.Run keeps RefreshCoreAsync's final reset of _refreshing behind this lock.
            var stale = _current;
            refresh = _refreshing ??= Task.Run(() => RefreshCoreAsync(stale), CancellationToken.None);
        }

        return await refresh.WaitAsync(cancellationToken);
    }

    private async Task<WebexTokens> RefreshCoreAsync(WebexTokens stale)
    {
        try
        {
            var uri = new Uri(_connection.BaseAddress, "v1/access_token");
            using var request = new HttpRequestMessage(HttpMethod.Post, uri)
            {
                Content = new FormUrlEncodedContent(
                [
                    new("grant_type", "refresh_token"),
                    new("client_id", _connection.ClientId),
                    new("client_secret", _connection.ClientSecret),
                    new("refresh_token", stale.RefreshToken),
                ]),
            };

            using var response = await _send(request, CancellationToken.None);
            if (!response.IsSuccessStatusCode)
            {
                var failure = await _describeFailure(response, CancellationToken.None);
                var context = response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Unauthorized
                    ? "The Webex refresh token was refused (revoked, expired or invalid, or the client secret is wrong); re-authorize the connection"
                    : "Refreshing the Webex access token failed";
                throw new WebexAuthenticationException(failure, context);
            }

            var receivedAt = _timeProvider.GetUtcNow();
            var body = await WebexClient.ReadObjectAsync(response, WebexJsonContext.Default.WebexTokenResponse, CancellationToken.None);
            if (body.ExpiresIn <= 0)
            {
                // A token that is already stale would make every call refresh again.
                throw WebexClient.ResponseProblem(response, "the token response has no positive expires_in");
            }

            var fresh = WebexTokens.FromResponse(body, receivedAt, stale);

            // In use before the callback runs: if persisting fails, this client still holds the only live refresh token.
            lock (_sync)
            {
                _current = fresh;
            }

            await _connection.OnTokensRefreshed(fresh, CancellationToken.None);

            _logger.LogInformation(
                "Webex access token refreshed; it expires at {ExpiresAt}, refresh token rotated: {Rotated}",
                fresh.AccessTokenExpiresAt,
                fresh.RefreshToken != stale.RefreshToken);
            return fresh;
        }
        finally
        {
            lock (_sync)
            {
                _refreshing = null;
            }
        }
    }
}
