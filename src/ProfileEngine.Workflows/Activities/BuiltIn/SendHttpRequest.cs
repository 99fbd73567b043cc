using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using ProfileEngine.Workflows.Hosting;

namespace ProfileEngine.Workflows.Activities.BuiltIn;

/// <summary>
/// Sends an HTTP request to a host of the allow-list and outputs the status code, the parsed content and the response
/// headers; a status code of 4xx/5xx is an output, not a fault, as in Elsa. Elsa:
/// src/modules/Elsa.Http/Activities/SendHttpRequestBase.cs (inputs <c>url</c>, <c>method</c>, <c>content</c>,
/// <c>contentType</c>, <c>authorization</c>, <c>requestHeaders</c>; outputs <c>statusCode</c>, <c>parsedContent</c>,
/// <c>responseHeaders</c>). Redirects are not followed, so a redirect cannot lead to a host off the list; header values
/// (Authorization above all) are never written to the log or to a fault message.
/// </summary>
[Activity("Elsa.SendHttpRequest", Description = "Sends an HTTP request to an allowed host.")]
public sealed class SendHttpRequest(WorkflowHttpClient http, IOptions<WorkflowRuntimeOptions> options) : WorkflowActivity
{
    [Input(Required = true, Description = "The absolute http(s) URL; its host must be in ProfileEngine:Workflows:HttpAllowedHosts.")]
    public Input<string> Url { get; } = new();

    [Input(Description = "GET (default), POST, PUT, PATCH, DELETE, …")]
    public Input<string> Method { get; } = new();

    [Input(Description = "The body: a string is sent as is, anything else as JSON.")]
    public Input<JsonNode> Content { get; } = new();

    [Input(Description = "The content type of the body (default: application/json for JSON, text/plain for text).")]
    public Input<string> ContentType { get; } = new();

    [Input(Description = "The Authorization header value, e.g. 'Bearer …'. Never logged.")]
    public Input<string> Authorization { get; } = new();

    [Input(Description = "Extra headers: {\"name\": \"value\"} or {\"name\": [\"value\", …]}.")]
    public Input<JsonObject> RequestHeaders { get; } = new();

    [Output(Description = "The response status code.")]
    public Output<int> StatusCode { get; } = new();

    [Output(Description = "The response body: parsed JSON when it is JSON, else the text.")]
    public Output<JsonNode?> ParsedContent { get; } = new();

    [Output(Description = "The response headers.")]
    public Output<JsonObject> ResponseHeaders { get; } = new();

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var url = Url.Get();
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            throw new InvalidOperationException($"the url '{url}' is not an absolute http or https URL");
        }

        var allowed = options.Value.HttpAllowedHosts;
        if (!IsAllowed(uri.Host, allowed))
        {
            throw new InvalidOperationException(
                $"the host '{uri.Host}' is not in ProfileEngine:Workflows:HttpAllowedHosts ({(allowed.Count == 0 ? "empty" : string.Join(", ", allowed))}); the request was not sent");
        }

        var method = new HttpMethod(Method.GetOrDefault("GET").Trim().ToUpperInvariant());
        using var request = new HttpRequestMessage(method, uri);
        if (Content.HasValue && Content.Value is { } content)
        {
            var text = content is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
            var type = ContentType.GetOrDefault(text is null ? "application/json" : "text/plain");
            request.Content = new StringContent(text ?? content.ToJsonString(), Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(type);
        }

        if (Authorization.GetOrDefault(string.Empty) is { Length: > 0 } authorization)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        foreach (var (name, values) in RequestHeaders.GetOrDefault([]))
        {
            var list = values is JsonArray array ? array.Select(a => a?.ToString() ?? string.Empty).ToList() : [values?.ToString() ?? string.Empty];
            if (!request.Headers.TryAddWithoutValidation(name, list) && request.Content is not null)
            {
                request.Content.Headers.TryAddWithoutValidation(name, list);
            }
        }

        var where = $"{method} {uri.GetLeftPart(UriPartial.Path)}";
        using var response = await http.Client.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        StatusCode.Set((int)response.StatusCode);
        ParsedContent.Set(Parse(body, response.Content.Headers.ContentType?.MediaType));
        var headers = new JsonObject();
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            headers[name] = new JsonArray([.. values.Select(value => (JsonNode?)JsonValue.Create(value))]);
        }

        ResponseHeaders.Set(headers);
        context.Log($"{where} → {(int)response.StatusCode}");
        return ActivityResult.Done();
    }

    /// <summary>Exact host names (any case), or <c>*.example.com</c> for the subdomains of example.com.</summary>
    public static bool IsAllowed(string host, IEnumerable<string> allowed)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(allowed);
        return allowed.Any(entry =>
            entry.StartsWith("*.", StringComparison.Ordinal)
                ? host.EndsWith(entry[1..], StringComparison.OrdinalIgnoreCase) && host.Length > entry.Length - 1
                : host.Equals(entry.Trim(), StringComparison.OrdinalIgnoreCase));
    }

    private static JsonNode? Parse(string body, string? mediaType)
    {
        if (body.Length == 0)
        {
            return null;
        }

        if (mediaType is not null && (mediaType.EndsWith("/json", StringComparison.OrdinalIgnoreCase) || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase)))
        {
            try
            {
                return JsonNode.Parse(body);
            }
            catch (JsonException)
            {
                // Said JSON but is not: the text is still worth having.
            }
        }

        return JsonValue.Create(body);
    }
}

/// <summary>The one HTTP client of workflow activities: pooled connections, redirects not followed.</summary>
public sealed class WorkflowHttpClient : IDisposable
{
    public HttpClient Client { get; } = new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
    });

    public void Dispose() => Client.Dispose();
}
