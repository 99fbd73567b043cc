using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;
using Polly.Timeout;
using ProfileEngine.Connectors.Webex.Models;
using ProfileEngine.Connectors.Webex.Paging;

namespace ProfileEngine.Connectors.Webex;

/// <summary>
/// Calls the Webex REST and SCIM APIs for one connection. Lists stream page by page following the
/// <c>Link rel="next"</c> URLs; 429/5xx retries happen in the HttpClient's resilience handler
/// (<see cref="WebexResilience"/>); a 401 triggers one token refresh and one retry.
/// </summary>
public sealed class WebexClient
{
    /// <summary>Webex accepts at most 85 ids in one <c>GET /v1/people?id=</c>.</summary>
    public const int MaxIdsPerPeopleRequest = 85;

    public const int MaxLicenseUsersPageSize = 300;
    public const int MaxComplianceEventsPageSize = 1000;
    public const int MaxAdminAuditEventsPageSize = 200;
    public const int MaxMeetingsPageSize = 100;

    private const int MaxQuotedBodyLength = 300;
    private const int MinRedactedSecretLength = 8;
    private static readonly WebexJsonContext Json = WebexJsonContext.Default;
    private static readonly MediaTypeHeaderValue JsonContentType = new("application/json") { CharSet = "utf-8" };
    private static readonly MediaTypeWithQualityHeaderValue JsonAccept = new("application/json");

    private readonly HttpClient _httpClient;
    private readonly WebexConnection _connection;
    private readonly ILogger _logger;
    private readonly WebexTokenKeeper _tokens;

    public WebexClient(
        HttpClient httpClient,
        WebexConnection connection,
        WebexClientOptions options,
        TimeProvider timeProvider,
        ILogger<WebexClient> logger)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        if (!connection.BaseAddress.IsAbsoluteUri)
        {
            throw new ArgumentException($"The Webex base address must be absolute, not '{connection.BaseAddress}'.", nameof(connection));
        }

        _httpClient = httpClient;
        _connection = connection with { BaseAddress = WithTrailingSlash(connection.BaseAddress) };
        _logger = logger;
        _tokens = new WebexTokenKeeper(
            _connection,
            options,
            timeProvider,
            logger,
            SendOnceAsync,
            DescribeFailureAsync);
    }

    /// <summary>The tokens in use now (after any refresh).</summary>
    public WebexTokens CurrentTokens => _tokens.Current;

    /// <summary>Everyone in the org (admin token), or those matching the filters; <c>max</c> is the page size.</summary>
    public IAsyncEnumerable<Person> ListPeopleAsync(PeopleQuery? query = null, CancellationToken cancellationToken = default)
    {
        query ??= new PeopleQuery();
        var uri = Endpoint("v1/people", ("email", query.Email), ("displayName", query.DisplayName), ("roles", query.Roles), ("max", Number(query.Max)));
        return ReadPagesAsync(uri, "items", Json.Person, cancellationToken);
    }

    /// <summary>
    /// Looks people up by id, <see cref="MaxIdsPerPeopleRequest"/> ids per request. Webex leaves out unknown ids,
    /// and id lookups carry no <c>lastActivity</c> or <c>status</c>.
    /// </summary>
    public async IAsyncEnumerable<Person> GetPeopleByIdsAsync(
        IEnumerable<string> personIds,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(personIds);
        foreach (var chunk in personIds.Distinct(StringComparer.Ordinal).Chunk(MaxIdsPerPeopleRequest))
        {
            var ids = string.Join(',', chunk.Select(Uri.EscapeDataString));
            var uri = new Uri(_connection.BaseAddress, string.Create(CultureInfo.InvariantCulture, $"v1/people?id={ids}&max={chunk.Length}"));
            await foreach (var person in ReadPagesAsync(uri, "items", Json.Person, cancellationToken))
            {
                yield return person;
            }
        }
    }

    public async Task<Person> GetPersonAsync(string personId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(personId);
        using var response = await SendAsync(HttpMethod.Get, Endpoint($"v1/people/{Uri.EscapeDataString(personId)}"), null, cancellationToken);
        return await ReadObjectAsync(response, Json.Person, cancellationToken);
    }

    /// <summary><c>PUT /v1/people/{id}</c>: replaces the whole person, see <see cref="PersonUpdate.From"/>.</summary>
    public async Task<Person> UpdatePersonAsync(string personId, PersonUpdate update, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(personId);
        ArgumentNullException.ThrowIfNull(update);
        var body = JsonSerializer.SerializeToUtf8Bytes(update, Json.PersonUpdate);
        using var response = await SendAsync(HttpMethod.Put, Endpoint($"v1/people/{Uri.EscapeDataString(personId)}"), body, cancellationToken);
        return await ReadObjectAsync(response, Json.Person, cancellationToken);
    }

    /// <summary>The org's licenses (not paginated by Webex).</summary>
    public Task<IReadOnlyList<License>> ListLicensesAsync(string? orgId = null, CancellationToken cancellationToken = default) =>
        ReadAllAsync(Endpoint("v1/licenses", ("orgId", orgId)), Json.License, cancellationToken);

    /// <summary>The holders of one license, <paramref name="limit"/> per page (at most 300).</summary>
    public IAsyncEnumerable<LicenseAssignedUser> ListLicenseUsersAsync(
        string licenseId,
        int limit = MaxLicenseUsersPageSize,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(licenseId);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, MaxLicenseUsersPageSize);
        var uri = Endpoint($"v1/licenses/{Uri.EscapeDataString(licenseId)}", ("includeAssignedTo", "user"), ("limit", Number(limit)));
        return ReadPagesAsync(uri, "users", Json.LicenseAssignedUser, cancellationToken);
    }

    public Task<IReadOnlyList<Role>> ListRolesAsync(CancellationToken cancellationToken = default) =>
        ReadAllAsync(Endpoint("v1/roles"), Json.Role, cancellationToken);

    public Task<IReadOnlyList<Organization>> ListOrganizationsAsync(CancellationToken cancellationToken = default) =>
        ReadAllAsync(Endpoint("v1/organizations"), Json.Organization, cancellationToken);

    /// <summary>Compliance events (needs a Compliance Officer token with <c>spark-compliance:events_read</c>).</summary>
    public IAsyncEnumerable<ComplianceEvent> ListComplianceEventsAsync(ComplianceEventQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        CheckPageSize(query.Max, MaxComplianceEventsPageSize);
        var uri = Endpoint(
            "v1/events",
            ("resource", query.Resource),
            ("type", query.Type),
            ("actorId", query.ActorId),
            ("from", Timestamp(query.From)),
            ("to", Timestamp(query.To)),
            ("max", Number(query.Max)));
        return ReadPagesAsync(uri, "items", Json.ComplianceEvent, cancellationToken);
    }

    /// <summary>Control Hub admin actions (needs <c>audit:events_read</c>).</summary>
    public IAsyncEnumerable<AdminAuditEvent> ListAdminAuditEventsAsync(AdminAuditEventQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentException.ThrowIfNullOrWhiteSpace(query.OrgId);
        CheckPageSize(query.Max, MaxAdminAuditEventsPageSize);
        var uri = Endpoint(
            "v1/adminAudit/events",
            ("orgId", query.OrgId),
            ("from", Timestamp(query.From)),
            ("to", Timestamp(query.To)),
            ("actorId", query.ActorId),
            ("eventCategories", query.EventCategories),
            ("max", Number(query.Max)));
        return ReadPagesAsync(uri, "items", Json.AdminAuditEvent, cancellationToken);
    }

    /// <summary>Meeting instances of the whole org (<c>meetingType=meeting</c>, needs <c>meeting:admin_schedule_read</c>).</summary>
    public IAsyncEnumerable<Meeting> ListMeetingsAsync(MeetingQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        CheckPageSize(query.Max, MaxMeetingsPageSize);
        var uri = Endpoint(
            "v1/meetings",
            ("meetingType", "meeting"),
            ("from", Timestamp(query.From)),
            ("to", Timestamp(query.To)),
            ("state", query.State),
            ("hostEmail", query.HostEmail),
            ("siteUrl", query.SiteUrl),
            ("max", Number(query.Max)));
        return ReadPagesAsync(uri, "items", Json.Meeting, cancellationToken);
    }

    /// <summary>
    /// SCIM users of the org <paramref name="orgUuid"/> (the identity UUID, not the REST org id), paged by
    /// <c>startIndex</c> + <c>itemsPerPage</c> until past <c>totalResults</c>.
    /// </summary>
    public async IAsyncEnumerable<ScimUser> ListScimUsersAsync(
        string orgUuid,
        ScimUserQuery? query = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(orgUuid);
        query ??= new ScimUserQuery();
        CheckPageSize(query.Count, int.MaxValue);
        long startIndex = 1;
        while (true)
        {
            var uri = Endpoint(
                $"identity/scim/{Uri.EscapeDataString(orgUuid)}/v2/Users",
                ("filter", query.Filter),
                ("sortBy", query.SortBy),
                ("sortOrder", query.SortOrder),
                ("startIndex", startIndex.ToString(CultureInfo.InvariantCulture)),
                ("count", Number(query.Count)));
            using var response = await SendAsync(HttpMethod.Get, uri, null, cancellationToken);
            var page = new PageItemReader<ScimUser>(Json.ScimUser, "Resources", arrayRequired: false);
            var received = 0;
            await foreach (var user in ReadItemsAsync(response, page, cancellationToken))
            {
                received++;
                yield return user;
            }

            if (!page.Numbers.TryGetValue("totalResults", out var totalResults))
            {
                throw ResponseProblem(response, "the SCIM list response has no numeric 'totalResults'");
            }

            var itemsPerPage = page.Numbers.GetValueOrDefault("itemsPerPage", received);
            if (received == 0 || itemsPerPage <= 0)
            {
                yield break;
            }

            startIndex = page.Numbers.GetValueOrDefault("startIndex", startIndex) + itemsPerPage;
            if (startIndex > totalResults)
            {
                yield break;
            }
        }
    }

    /// <summary>
    /// <c>PATCH /v1/licenses/users</c>. A refused change (e.g. error 700006, an implicit license) throws a
    /// <see cref="WebexApiException"/> with the error codes; a 206 comes back with <see cref="LicenseUpdateResult.IsPartial"/>.
    /// </summary>
    public async Task<LicenseUpdateResult> UpdateUserLicensesAsync(UserLicensesUpdate update, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(update);
        if (string.IsNullOrWhiteSpace(update.PersonId) && string.IsNullOrWhiteSpace(update.Email))
        {
            throw new ArgumentException("A license update needs the person's id or email.", nameof(update));
        }

        if (update.Licenses.Count == 0)
        {
            throw new ArgumentException("A license update needs at least one license operation.", nameof(update));
        }

        var body = JsonSerializer.SerializeToUtf8Bytes(update, Json.UserLicensesUpdate);
        using var response = await SendAsync(HttpMethod.Patch, Endpoint("v1/licenses/users"), body, cancellationToken);
        var result = await ReadObjectAsync(response, Json.UserLicensesResponse, cancellationToken);
        var notApplied = update.Licenses
            .Where(operation => operation.Operation == LicenseOperation.Remove
                ? result.Licenses.Contains(operation.Id)
                : !result.Licenses.Contains(operation.Id) && !result.PendingLicenses.Contains(operation.Id))
            .ToList();
        var partial = response.StatusCode == HttpStatusCode.PartialContent;
        if (partial || notApplied.Count > 0)
        {
            _logger.LogWarning(
                "Webex applied the license change only in part ({Status}): {NotApplied} of {Requested} operations not applied (trackingId {TrackingId})",
                (int)response.StatusCode,
                notApplied.Count,
                update.Licenses.Count,
                result.TrackingId ?? TrackingIdHeader(response));
        }

        return new LicenseUpdateResult(partial, result, notApplied);
    }

    /// <summary>Takes one license from one person.</summary>
    public Task<LicenseUpdateResult> RemoveLicenseAsync(string personId, string licenseId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(personId);
        ArgumentException.ThrowIfNullOrWhiteSpace(licenseId);
        return UpdateUserLicensesAsync(UserLicensesUpdate.RemoveLicense(personId, licenseId), cancellationToken);
    }

    /// <summary>
    /// Sends a 1:1 message. Not retried on 5xx or timeouts (a retry could deliver the notice twice); 429 is
    /// retried because Webex did not accept the first one.
    /// </summary>
    public async Task<Message> SendDirectMessageAsync(DirectMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (string.IsNullOrWhiteSpace(message.ToPersonId) == string.IsNullOrWhiteSpace(message.ToPersonEmail))
        {
            throw new ArgumentException("A direct message needs exactly one of toPersonId and toPersonEmail.", nameof(message));
        }

        if (string.IsNullOrWhiteSpace(message.Markdown) && string.IsNullOrWhiteSpace(message.Text))
        {
            throw new ArgumentException("A direct message needs markdown or text.", nameof(message));
        }

        var body = JsonSerializer.SerializeToUtf8Bytes(message, Json.DirectMessage);
        using var response = await SendAsync(HttpMethod.Post, Endpoint("v1/messages"), body, cancellationToken, retryTransientFailures: false);
        return await ReadObjectAsync(response, Json.Message, cancellationToken);
    }

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

    private static void CheckPageSize(int? max, int limit)
    {
        if (max is { } value)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1, nameof(max));
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, limit, nameof(max));
        }
    }

    private static string? Number(int? value) => value?.ToString(CultureInfo.InvariantCulture);

    private static string? Timestamp(DateTimeOffset? value) =>
        value?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static Uri WithTrailingSlash(Uri baseAddress) =>
        baseAddress.AbsoluteUri.EndsWith('/') ? baseAddress : new Uri(baseAddress.AbsoluteUri + "/");

    private static bool SameOrigin(Uri first, Uri second) =>
        Uri.Compare(first, second, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0;

    private Uri Endpoint(string path, params ReadOnlySpan<(string Name, string? Value)> parameters)
    {
        var text = new StringBuilder(path);
        var separator = '?';
        foreach (var (name, value) in parameters)
        {
            if (value is null)
            {
                continue;
            }

            text.Append(separator).Append(name).Append('=').Append(Uri.EscapeDataString(value));
            separator = '&';
        }

        return new Uri(_connection.BaseAddress, text.ToString());
    }

    private async Task<IReadOnlyList<T>> ReadAllAsync<T>(Uri uri, JsonTypeInfo<T> itemType, CancellationToken cancellationToken)
    {
        var items = new List<T>();
        await foreach (var item in ReadPagesAsync(uri, "items", itemType, cancellationToken))
        {
            items.Add(item);
        }

        return items;
    }

    private async IAsyncEnumerable<T> ReadPagesAsync<T>(
        Uri firstPage,
        string arrayProperty,
        JsonTypeInfo<T> itemType,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        for (Uri? page = firstPage; page is not null;)
        {
            using var response = await SendAsync(HttpMethod.Get, page, null, cancellationToken);
            var next = NextPage(response, page);
            await foreach (var item in ReadItemsAsync(response, new PageItemReader<T>(itemType, arrayProperty), cancellationToken))
            {
                yield return item;
            }

            page = next;
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

    private async Task<WebexCallFailure> DescribeFailureAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = string.Empty;
        try
        {
            text = await response.Content.ReadAsStringAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is HttpRequestException or IOException)
        {
            _logger.LogDebug(exception, "The body of a Webex error answer could not be read");
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
        return new WebexCallFailure(
            request?.Method.Method ?? "?",
            request?.RequestUri?.AbsolutePath ?? "?",
            response.StatusCode,
            Redact(message),
            body?.Errors.Select(error => error with { Description = Redact(error.Description) }).ToList() ?? [],
            body?.TrackingId ?? TrackingIdHeader(response));
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
