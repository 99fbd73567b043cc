using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ProfileEngine.Connectors.Scim.Client;

/// <summary>One page of a SCIM list answer (RFC 7644 §3.4.2): the users and where the next page starts, if any.</summary>
public sealed record ScimUserPage(int TotalResults, IReadOnlyList<ScimUserRecord> Users, int? NextStartIndex);

/// <summary>
/// The calls the connector makes to a SCIM 2.0 service provider (RFC 7644): list users a page at a time (1-based
/// <c>startIndex</c>, <c>count</c>, <c>filter</c>, <c>attributes</c>), read one user, and PATCH a user or a group.
/// Every refused call is a <see cref="ScimCallException"/> with the provider's <c>detail</c> and <c>scimType</c>.
/// </summary>
public sealed class ScimClient(HttpClient http, Uri baseAddress, Func<CancellationToken, Task<string>> accessToken)
{
    public const string PatchOpSchema = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
    private const string ListResponseSchema = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
    private static readonly MediaTypeHeaderValue ScimJson = new("application/scim+json");

    public Uri BaseAddress { get; } = baseAddress;

    public async Task<ScimUserPage> ListUsersAsync(int startIndex, int count, string? filter, string licenseSource, string? activityAttribute, CancellationToken cancellationToken)
    {
        var query = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"Users?startIndex={startIndex}&count={count}"));
        query.Append("&attributes=").Append(Uri.EscapeDataString(ScimUserRecord.Attributes(licenseSource, activityAttribute)));
        if (filter is not null)
        {
            query.Append("&filter=").Append(Uri.EscapeDataString(filter));
        }

        using var document = await SendAsync(HttpMethod.Get, query.ToString(), null, cancellationToken)
            ?? throw new ScimCallException(HttpStatusCode.NotFound, "GET", "Users", "the Users endpoint is missing", null);
        var root = document.RootElement;
        if (!root.TryGetProperty("schemas", out var schemas) || !schemas.EnumerateArray().Any(s => s.GetString() == ListResponseSchema))
        {
            throw new ScimCallException(HttpStatusCode.OK, "GET", "Users", "the answer is not a SCIM ListResponse", null);
        }

        var total = root.TryGetProperty("totalResults", out var t) && t.TryGetInt32(out var n) ? n : 0;
        var users = new List<ScimUserRecord>();
        if (root.TryGetProperty("Resources", out var resources) && resources.ValueKind == JsonValueKind.Array)
        {
            foreach (var user in resources.EnumerateArray())
            {
                users.Add(Parse(user, licenseSource, activityAttribute, "GET Users"));
            }
        }

        var next = startIndex + users.Count;
        return new ScimUserPage(total, users, users.Count > 0 && next <= total ? next : null);
    }

    /// <summary>The user, or null when the provider no longer knows it (404).</summary>
    public async Task<ScimUserRecord?> GetUserAsync(string id, string licenseSource, string? activityAttribute, CancellationToken cancellationToken)
    {
        using var document = await SendAsync(HttpMethod.Get, "Users/" + Uri.EscapeDataString(id), null, cancellationToken);
        return document is null ? null : Parse(document.RootElement, licenseSource, activityAttribute, "GET Users/" + id);
    }

    /// <summary>PATCH with one operation (RFC 7644 §3.5.2); false when the resource is gone (404).</summary>
    public async Task<bool> PatchAsync(string resourcePath, string op, string path, JsonNode? value, CancellationToken cancellationToken)
    {
        var operation = new JsonObject { ["op"] = op, ["path"] = path };
        if (value is not null)
        {
            operation["value"] = value;
        }

        var body = new JsonObject { ["schemas"] = new JsonArray(PatchOpSchema), ["Operations"] = new JsonArray(operation) };
        using var answer = await SendAsync(HttpMethod.Patch, resourcePath, body, cancellationToken, allowNoContent: true);
        return answer is not null;
    }

    public async Task<bool> CanListUsersAsync(CancellationToken cancellationToken)
    {
        using var document = await SendAsync(HttpMethod.Get, "Users?startIndex=1&count=1&attributes=id", null, cancellationToken);
        return document is not null;
    }

    private static ScimUserRecord Parse(JsonElement user, string licenseSource, string? activityAttribute, string call)
    {
        try
        {
            return ScimUserRecord.Parse(user, licenseSource, activityAttribute);
        }
        catch (JsonException e)
        {
            throw new ScimCallException(HttpStatusCode.OK, call.Split(' ')[0], call.Split(' ')[1], $"the answer does not read as a SCIM user: {e.Message}", null, e);
        }
    }

    /// <summary>The answer's JSON; null for 404 (and for 204 when allowed, as an empty document).</summary>
    private async Task<JsonDocument?> SendAsync(HttpMethod method, string relative, JsonNode? body, CancellationToken cancellationToken, bool allowNoContent = false)
    {
        var path = relative.Split('?')[0];
        using var request = new HttpRequestMessage(method, new Uri(BaseAddress, relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await accessToken(cancellationToken));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(ScimJson.MediaType!));
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8);
            request.Content.Headers.ContentType = ScimJson;
        }

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new ScimCallException(null, method.Method, path, $"no answer ({e.Message})", null, e);
        }

        using (response)
        {
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }

            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                var (detail, scimType) = ErrorOf(text);
                throw new ScimCallException(response.StatusCode, method.Method, path, detail ?? response.ReasonPhrase ?? "no detail", scimType);
            }

            if (text.Length == 0)
            {
                return allowNoContent ? JsonDocument.Parse("{}") : throw new ScimCallException(response.StatusCode, method.Method, path, "the answer has no body", null);
            }

            try
            {
                return JsonDocument.Parse(text);
            }
            catch (JsonException e)
            {
                throw new ScimCallException(response.StatusCode, method.Method, path, "the answer is not JSON", null, e);
            }
        }
    }

    /// <summary>RFC 7644 §3.12: <c>detail</c> and <c>scimType</c> of an Error message, when the body is one.</summary>
    private static (string? Detail, string? ScimType) ErrorOf(string text)
    {
        try
        {
            using var error = JsonDocument.Parse(text);
            var root = error.RootElement;
            string? Read(string name) => root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            return (Read("detail"), Read("scimType"));
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }
}
