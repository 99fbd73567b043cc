using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;
using Polly.Timeout;
using ProfileEngine.Connectors.Webex.Models;
using ProfileEngine.Connectors.Webex.Paging;
using ProfileEngine.Connectors.Webex.Connections;

namespace ProfileEngine.Connectors.Webex;

/// <summary>
/// How one Webex call travels: bearer token, one refresh and retry on 401, error answers turned into
/// <see cref="WebexApiException"/>, bodies read as single objects or as streamed pages along the Link headers.
/// </summary>
public sealed partial class WebexClient
{
    private const int MaxQuotedBodyLength = 300;
    private const int MinRedactedSecretLength = 8;
    private static readonly MediaTypeHeaderValue JsonContentType = new("application/json") { CharSet = "utf-8" };
    private static readonly MediaTypeWithQualityHeaderValue JsonAccept = new("application/json");

    /// <summary>Reads a single JSON object, turning a malformed, truncated or misshaped body into a <see cref="WebexResponseException"/>.</summary>
    internal static async Task<T> ReadObjectAsync<T>(HttpResponseMessage response, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        byte[] bytes;
        try
        {
            bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is HttpRequestException or IOException)
        {
            throw ResponseProblem(response, $"the connection broke while the body was read (truncated): {exception.Message}", exception);
        }

        if (FindJsonProblem(bytes) is { } problem)
        {
            throw ResponseProblem(response, problem);
        }

        try
        {
            return JsonSerializer.Deserialize(bytes, type) ?? throw ResponseProblem(response, "the body is JSON null");
        }
        catch (JsonException exception)
        {
            throw ResponseProblem(response, $"the body does not have the expected shape: {exception.Message}", exception);
        }
    }

    private static string? FindJsonProblem(ReadOnlySpan<byte> body)
    {
        // Not the final block, so a body that stops early reads as "incomplete" rather than as a syntax error.
        var reader = new Utf8JsonReader(body, isFinalBlock: false, default);
        try
        {
            while (reader.Read())
            {
            }
        }
        catch (JsonException exception)
        {
            return $"the body is not valid JSON: {exception.Message}";
        }

        if (reader.TokenType == JsonTokenType.None)
        {
            return body.Trim(" \t\r\n"u8).IsEmpty ? "the body is empty" : "the body is not a JSON document";
        }

        return reader.CurrentDepth > 0 || reader.TokenType == JsonTokenType.PropertyName
            ? $"the body ended after {body.Length} bytes before the JSON document was complete (truncated)"
            : null;
    }

    internal static WebexResponseException ResponseProblem(HttpResponseMessage response, string problem, Exception? innerException = null)
    {
        var request = response.RequestMessage;
        var failure = new WebexCallFailure(
            request?.Method.Method ?? "?",
            request?.RequestUri?.AbsolutePath ?? "?",
            response.StatusCode,
            null,
            [],
            TrackingIdHeader(response),
            problem);
        return new WebexResponseException(failure, innerException);
    }

    private static string? ScimMessage(WebexErrorBody body) =>
        body.ScimType is null ? body.Detail : $"{body.Detail} (scimType {body.ScimType})";

    private static string? TrackingIdHeader(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Trackingid", out var values) ? values.FirstOrDefault() : null;

    private static bool SameOrigin(Uri first, Uri second) =>
        Uri.Compare(first, second, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0;

    /// <summary>The items of a Link-paged list, read from each page as it streams in.</summary>
    private async IAsyncEnumerable<T> ReadPagesAsync<T>(
        Uri firstPage,
        string arrayProperty,
        JsonTypeInfo<T> itemType,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var (response, _) in FollowPagesAsync(firstPage, cancellationToken))
        {
            await foreach (var item in ReadItemsAsync(response, new PageItemReader<T>(itemType, arrayProperty), cancellationToken))
            {
                yield return item;
            }
        }
    }

    // The one pager of every Link-paged list. While the caller reads one page, the next is already being fetched and
    // buffered, so the vendor's work and ours overlap; at most two pages are held, whatever the size of the org. A page
    // is disposed when the caller asks for the next one (or stops).
    private async IAsyncEnumerable<(HttpResponseMessage Response, Uri? Next)> FollowPagesAsync(
        Uri firstPage,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var page = firstPage;
        var response = await SendAsync(HttpMethod.Get, page, null, cancellationToken);
        Task<HttpResponseMessage>? nextResponse = null;
        var readAhead = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            while (true)
            {
                var next = NextPage(response, page);
                nextResponse = next is null ? null : FetchBufferedAsync(next, readAhead.Token);
                yield return (response, next);
                response.Dispose();
                if (nextResponse is null)
                {
                    yield break;
                }

                response = await nextResponse;
                nextResponse = null;
                page = next!;
            }
        }
        finally
        {
            response.Dispose();
            if (nextResponse is null)
            {
                readAhead.Dispose();
            }
            else
            {
                // The reader stopped early: stop the page fetched ahead and wait for it to unwind, so no request is
                // left in flight (and no Webex call wasted) once the reader has let go; its failure goes with it.
                await readAhead.CancelAsync();
                try
                {
                    (await nextResponse).Dispose();
                }
                catch (Exception exception) when (exception is OperationCanceledException or HttpRequestException or WebexApiException)
                {
                    _logger.LogDebug("The page read ahead was abandoned: {Reason}", exception.Message);
                }
                finally
                {
                    readAhead.Dispose();
                }
            }
        }
    }

    /// <summary>Fetches a page and reads its whole body into memory, so it is ready when the reader gets to it.</summary>
    private async Task<HttpResponseMessage> FetchBufferedAsync(Uri uri, CancellationToken cancellationToken)
    {
        var response = await SendAsync(HttpMethod.Get, uri, null, cancellationToken);
        try
        {
            var original = response.Content;
            response.Content = await PooledBodyContent.ReadAsync(original, cancellationToken);
            original.Dispose();
            return response;
        }
        catch (Exception exception) when (exception is HttpRequestException or IOException)
        {
            using (response)
            {
                throw ResponseProblem(response, $"the connection broke while the body was read (truncated): {exception.Message}", exception);
            }
        }
    }

    private Uri? NextPage(HttpResponseMessage response, Uri page)
    {
        var next = LinkHeader.FindNext(response.Headers, page);
        if (next is null)
        {
            return null;
        }

        // The bearer token goes with the next request, so it must stay on the connection's own host.
        if (!SameOrigin(next, _connection.BaseAddress))
        {
            throw ResponseProblem(response, $"the next-page link points to {next.GetLeftPart(UriPartial.Authority)}, not to the connection's host; it was not followed");
        }

        return next.OriginalString == page.OriginalString
            ? throw ResponseProblem(response, "the next-page link repeats the page just read")
            : next;
    }

    private static async IAsyncEnumerable<T> ReadItemsAsync<T>(
        HttpResponseMessage response,
        PageItemReader<T> page,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        await using var items = page.ReadAsync(body, cancellationToken).GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            bool more;
            try
            {
                more = await items.MoveNextAsync();
            }
            catch (PageFormatException exception)
            {
                throw ResponseProblem(response, exception.Message, exception);
            }

            if (!more)
            {
                yield break;
            }

            yield return items.Current;
        }
    }

    private async Task<HttpResponseMessage> SendAsync(
        HttpMethod method,
        Uri uri,
        byte[]? jsonBody,
        CancellationToken cancellationToken,
        bool retryTransientFailures = true)
    {
        var tokens = await _tokens.GetFreshAsync(cancellationToken);
        var response = await SendOnceAsync(CreateRequest(method, uri, jsonBody, tokens.AccessToken, retryTransientFailures), cancellationToken);
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            response.Dispose();
            _logger.LogInformation("Webex answered 401 to {Method} {Path}; refreshing the access token and trying once more", method, uri.AbsolutePath);
            tokens = await _tokens.RefreshAsync(tokens.AccessToken, cancellationToken);
            response = await SendOnceAsync(CreateRequest(method, uri, jsonBody, tokens.AccessToken, retryTransientFailures), cancellationToken);
            if (response.StatusCode == HttpStatusCode.Unauthorized)
            {
                using (response)
                {
                    throw new WebexAuthenticationException(
                        await DescribeFailureAsync(response, cancellationToken),
                        "Webex refused the access token again right after refreshing it; re-authorize the connection");
                }
            }
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            throw new WebexApiException(await DescribeFailureAsync(response, cancellationToken));
        }
    }

    private static HttpRequestMessage CreateRequest(HttpMethod method, Uri uri, byte[]? jsonBody, string accessToken, bool retryTransientFailures)
    {
        var request = new HttpRequestMessage(method, uri);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        request.Headers.Accept.Add(JsonAccept);
        if (jsonBody is not null)
        {
            request.Content = new ByteArrayContent(jsonBody);
            request.Content.Headers.ContentType = JsonContentType;
        }

        request.Options.Set(WebexResilience.RetryTransientFailures, retryTransientFailures);
        return request;
    }

    /// <summary>One call through the resilience pipeline; failures that leave no HTTP answer become a <see cref="WebexApiException"/>.</summary>
    private async Task<HttpResponseMessage> SendOnceAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using (request)
        {
            try
            {
                return await _httpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            }
            catch (Exception exception) when (exception is HttpRequestException or TimeoutRejectedException)
            {
                var failure = new WebexCallFailure(
                    request.Method.Method,
                    request.RequestUri?.AbsolutePath ?? "?",
                    null,
                    null,
                    [],
                    null,
                    exception is TimeoutRejectedException
                        ? "No answer within the attempt timeout, after all retries"
                        : $"No answer after all retries: {Redact(exception.Message)}");
                throw new WebexApiException(failure, innerException: exception);
            }
        }
    }

    private Task<WebexCallFailure> DescribeFailureAsync(HttpResponseMessage response, CancellationToken cancellationToken) =>
        DescribeFailureAsync(response, Redact, _logger, cancellationToken);

    /// <summary>What an error answer says, with <paramref name="redact"/> applied to every vendor text.</summary>
    internal static async Task<WebexCallFailure> DescribeFailureAsync(
        HttpResponseMessage response,
        Func<string?, string?> redact,
        ILogger logger,
        CancellationToken cancellationToken)
    {
        var text = string.Empty;
        try
        {
            text = await response.Content.ReadAsStringAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is HttpRequestException or IOException)
        {
            logger.LogDebug(exception, "The body of a Webex error answer could not be read");
        }

        WebexErrorBody? body = null;
        if (!string.IsNullOrWhiteSpace(text))
        {
            try
            {
                body = JsonSerializer.Deserialize(text, Json.WebexErrorBody);
            }
            catch (JsonException)
            {
                // Not the Webex error shape (a proxy's HTML page, say): quote the start of it instead.
            }
        }

        var message = body is not null
            ? body.Message ?? ScimMessage(body)
            : string.IsNullOrWhiteSpace(text) ? null : text.Trim()[..Math.Min(text.Trim().Length, MaxQuotedBodyLength)];
        var request = response.RequestMessage;
        var method = request?.Method.Method ?? "?";
        var path = request?.RequestUri?.AbsolutePath ?? "?";
        var needs = response.StatusCode == HttpStatusCode.Forbidden ? WebexScopes.RequiredFor(method, path) : null;
        return new WebexCallFailure(
            method,
            path,
            response.StatusCode,
            redact(message),
            body?.Errors.Select(error => error with { Description = redact(error.Description) }).ToList() ?? [],
            body?.TrackingId ?? TrackingIdHeader(response),
            Hint: needs is null ? null : $"This call needs {needs}; check the scopes granted to the connection.");
    }

    /// <summary>Blanks out any token or the client secret a vendor message might echo.</summary>
    [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(text))]
    private string? Redact(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        var current = _tokens.Current;
        string[] secrets = [current.AccessToken, current.RefreshToken, _connection.Tokens.AccessToken, _connection.Tokens.RefreshToken, _connection.ClientSecret];
        foreach (var secret in secrets)
        {
            // Real tokens and secrets are long; a very short value would blank out ordinary words.
            if (secret.Length >= MinRedactedSecretLength)
            {
                text = text.Replace(secret, "***", StringComparison.Ordinal);
            }
        }

        return text;
    }
}
