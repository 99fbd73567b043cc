using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;
using ProfileEngine.Connectors.Webex.Models;
using ProfileEngine.Connectors.Webex.Paging;

namespace ProfileEngine.Connectors.Webex;

/// <summary>
/// Calls the Webex REST and SCIM APIs for one connection. Lists stream page by page following the
/// <c>Link rel="next"</c> URLs; 429/5xx retries happen in the HttpClient's resilience handler
/// (<see cref="WebexResilience"/>); a 401 triggers one token refresh and one retry.
/// </summary>
public sealed partial class WebexClient
{
    /// <summary>How many <c>GET /v1/people/{id}</c> reads <see cref="GetPeopleOneByOneAsync"/> keeps in flight.</summary>
    public const int PersonReadsInFlight = 4;

    public const int MaxComplianceEventsPageSize = 1000;
    public const int MaxAdminAuditEventsPageSize = 200;
    public const int MaxMeetingsPageSize = 100;

    private static readonly WebexJsonContext Json = WebexJsonContext.Default;

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
    /// Reads each person with <c>GET /v1/people/{id}</c>, the read that carries their licenses and roles, in the order
    /// given and with at most <see cref="PersonReadsInFlight"/> requests at a time. People Webex no longer knows (404)
    /// are left out.
    /// </summary>
    public async IAsyncEnumerable<Person> GetPeopleOneByOneAsync(
        IEnumerable<string> personIds,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(personIds);
        foreach (var window in personIds.Distinct(StringComparer.Ordinal).Chunk(PersonReadsInFlight))
        {
            var reads = await Task.WhenAll(window.Select(id => FindPersonAsync(id, cancellationToken)));
            foreach (var person in reads)
            {
                if (person is not null)
                {
                    yield return person;
                }
            }
        }
    }

    /// <summary>One person by id, or null when Webex answers 404 (the person is gone).</summary>
    public async Task<Person?> FindPersonAsync(string personId, CancellationToken cancellationToken = default)
    {
        try
        {
            return await GetPersonAsync(personId, cancellationToken);
        }
        catch (WebexApiException e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async Task<Person> GetPersonAsync(string personId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(personId);
        using var response = await SendAsync(HttpMethod.Get, Endpoint($"v1/people/{Uri.EscapeDataString(personId)}"), null, cancellationToken);
        return await ReadObjectAsync(response, Json.Person, cancellationToken);
    }

    /// <summary>The org's licenses (not paginated by Webex).</summary>
    public Task<IReadOnlyList<License>> ListLicensesAsync(string? orgId = null, CancellationToken cancellationToken = default) =>
        ReadAllAsync(Endpoint("v1/licenses", ("orgId", orgId)), Json.License, cancellationToken);

    public Task<IReadOnlyList<Role>> ListRolesAsync(CancellationToken cancellationToken = default) =>
        ReadAllAsync(Endpoint("v1/roles"), Json.Role, cancellationToken);

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
}
