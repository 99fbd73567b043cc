using System.Net;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;
using ProfileEngine.Connectors.Webex.Models;

namespace ProfileEngine.Connectors.Webex;

/// <summary>The two ends of the OAuth authorization-code flow of a Webex integration.</summary>
public interface IWebexAuthorization
{
    /// <summary><c>{base}v1/authorize?client_id&amp;response_type=code&amp;redirect_uri&amp;scope&amp;state</c>.</summary>
    Uri AuthorizeUri(Uri baseAddress, string clientId, string redirectUri, IEnumerable<string> scopes, string state);

    /// <summary>
    /// <c>POST {base}v1/access_token</c> with grant_type=authorization_code. Sent once, never retried: a code is
    /// single use, so a retry after a lost answer could only fail.
    /// </summary>
    Task<WebexCodeExchangeResult> ExchangeCodeAsync(WebexCodeExchange exchange, CancellationToken cancellationToken);
}

public sealed record WebexCodeExchange(Uri BaseAddress, string ClientId, string ClientSecret, string Code, string RedirectUri)
{
    public override string ToString() =>
        $"WebexCodeExchange {{ BaseAddress = {BaseAddress}, ClientId = {ClientId}, ClientSecret = ***, Code = ***, RedirectUri = {RedirectUri} }}";
}

/// <summary>The tokens a code bought, and the scopes the answer says were granted (null when it does not say).</summary>
public sealed record WebexCodeExchangeResult(WebexTokens Tokens, IReadOnlyList<string>? GrantedScopes);

internal sealed class WebexAuthorization(IHttpClientFactory httpClientFactory, TimeProvider timeProvider, ILogger<WebexAuthorization> logger)
    : IWebexAuthorization
{
    private const int MinRedactedSecretLength = 8;

    public Uri AuthorizeUri(Uri baseAddress, string clientId, string redirectUri, IEnumerable<string> scopes, string state)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        ArgumentNullException.ThrowIfNull(scopes);
        var url = QueryHelpers.AddQueryString(new Uri(WithTrailingSlash(baseAddress), "v1/authorize").ToString(), new Dictionary<string, string?>
        {
            ["client_id"] = clientId,
            ["response_type"] = "code",
            ["redirect_uri"] = redirectUri,
            ["scope"] = string.Join(' ', scopes),
            ["state"] = state,
        });
        return new Uri(url);
    }

    public async Task<WebexCodeExchangeResult> ExchangeCodeAsync(WebexCodeExchange exchange, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        var http = httpClientFactory.CreateClient(WebexClientFactory.HttpClientName);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(WithTrailingSlash(exchange.BaseAddress), "v1/access_token"))
        {
            Content = new FormUrlEncodedContent(
            [
                new("grant_type", "authorization_code"),
                new("client_id", exchange.ClientId),
                new("client_secret", exchange.ClientSecret),
                new("code", exchange.Code),
                new("redirect_uri", exchange.RedirectUri),
            ]),
        };
        request.Options.Set(WebexResilience.RetryTransientFailures, false);

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException exception)
        {
            var failure = new WebexCallFailure("POST", "/v1/access_token", null, null, [], null, $"No answer: {Redact(exception.Message, exchange)}");
            throw new WebexApiException(failure, "Exchanging the authorization code failed");
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                var failure = await WebexClient.DescribeFailureAsync(response, text => Redact(text, exchange), logger, cancellationToken);
                throw response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Unauthorized
                    ? new WebexAuthenticationException(failure, "Webex refused the authorization code (expired, already used, wrong redirect URI or wrong client secret); start Connect again")
                    : new WebexApiException(failure, "Exchanging the authorization code failed");
            }

            var receivedAt = timeProvider.GetUtcNow();
            var body = await WebexClient.ReadObjectAsync(response, WebexJsonContext.Default.WebexTokenResponse, cancellationToken);
            if (body.ExpiresIn <= 0 || string.IsNullOrEmpty(body.RefreshToken))
            {
                throw WebexClient.ResponseProblem(response, "the token response has no positive expires_in or no refresh_token");
            }

            var scopes = string.IsNullOrWhiteSpace(body.Scope)
                ? null
                : body.Scope.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            return new WebexCodeExchangeResult(WebexTokens.FromResponse(body, receivedAt), scopes);
        }
    }

    private static string? Redact(string? text, WebexCodeExchange exchange)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        foreach (var secret in new[] { exchange.ClientSecret, exchange.Code })
        {
            if (secret.Length >= MinRedactedSecretLength)
            {
                text = text.Replace(secret, "***", StringComparison.Ordinal);
            }
        }

        return text;
    }

    private static Uri WithTrailingSlash(Uri uri) =>
        uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
}
