using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using ProfileEngine.WebexSimulator.Json;

namespace ProfileEngine.WebexSimulator.ScimApp;

/// <summary>Writes SCIM answers: resources, list responses and RFC 7644 §3.12 errors, as <c>application/scim+json</c>.</summary>
public static class ScimResponses
{
    public static async Task Json(HttpContext context, int status, JsonNode body, string? etag = null)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = ScimSchemas.ContentType;
        if (etag is not null)
        {
            context.Response.Headers.ETag = etag;
        }

        await using var writer = new Utf8JsonWriter(context.Response.Body, Respond.WriterOptions);
        body.WriteTo(writer);
    }

    public static Task Error(HttpContext context, ScimException error) => Error(context, error.Status, error.ScimType, error.Message);

    public static Task Error(HttpContext context, int status, string? scimType, string detail)
    {
        var body = new JsonObject
        {
            ["schemas"] = new JsonArray(ScimSchemas.Error),
            ["status"] = status.ToString(CultureInfo.InvariantCulture),
        };
        if (scimType is not null)
        {
            body["scimType"] = scimType;
        }

        body["detail"] = detail;
        if (status == StatusCodes.Status401Unauthorized)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer realm=\"scim\"";
        }

        return Json(context, status, body);
    }

    public static JsonObject ListResponse(int totalResults, int startIndex, IReadOnlyList<JsonNode> resources) => new()
    {
        ["schemas"] = new JsonArray(ScimSchemas.ListResponse),
        ["totalResults"] = totalResults,
        ["startIndex"] = startIndex,
        ["itemsPerPage"] = resources.Count,
        ["Resources"] = new JsonArray([.. resources]),
    };

    /// <summary>Runs <paramref name="handler"/> and answers a <see cref="ScimException"/> it throws as a SCIM Error.</summary>
    public static async Task Guard(HttpContext context, Func<Task> handler)
    {
        try
        {
            await handler();
        }
        catch (ScimException e) when (!context.Response.HasStarted)
        {
            await Error(context, e);
        }
    }
}
