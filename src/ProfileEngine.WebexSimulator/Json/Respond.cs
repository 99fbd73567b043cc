using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace ProfileEngine.WebexSimulator.Json;

/// <summary>Writes answers straight to the response body, in the Webex shapes.</summary>
public static class Respond
{
    public const string JsonContentType = "application/json;charset=UTF-8";
    public const string TrackingHeader = "Trackingid";

    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static readonly JsonSerializerOptions ReadOptions = new(JsonSerializerDefaults.Web);

    /// <summary>Sets status and content type, and returns a writer on the body. Set headers before calling.</summary>
    public static Utf8JsonWriter StartJson(HttpContext context, int status = StatusCodes.Status200OK)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = JsonContentType;
        return new Utf8JsonWriter(context.Response.BodyWriter, WriterOptions);
    }

    /// <summary>
    /// Completes the JSON document (synchronously, so callers may still hold the org lock) and returns
    /// the send of what is buffered.
    /// </summary>
    public static Task Finish(HttpContext context, Utf8JsonWriter writer)
    {
        writer.Flush();
        writer.Dispose();
        return context.Response.BodyWriter.FlushAsync().AsTask();
    }

    public static Task Json(HttpContext context, int status, Action<Utf8JsonWriter> write)
    {
        var writer = StartJson(context, status);
        write(writer);
        return Finish(context, writer);
    }

    /// <summary>The Webex error body: <c>{"message","errors":[{"description"}],"trackingId"}</c>.</summary>
    /// <summary>
    /// Reads a JSON request body; when it is not valid JSON the 400 answer has already been written and the
    /// result is null, with <paramref name="answered"/> true.
    /// </summary>
    public static async Task<(T? Body, bool Answered)> ReadBodyAsync<T>(HttpContext context)
        where T : class
    {
        try
        {
            return (await JsonSerializer.DeserializeAsync<T>(context.Request.Body, ReadOptions, context.RequestAborted), false);
        }
        catch (JsonException e)
        {
            await Error(context, StatusCodes.Status400BadRequest, "The request body is not valid JSON: " + e.Message);
            return (null, true);
        }
    }

    public static Task Error(HttpContext context, int status, string message, int? errorCode = null) =>
        Json(context, status, w => WriteError(w, message, TrackingId(context), errorCode is null ? null : [(errorCode.Value, message)]));

    public static void WriteError(Utf8JsonWriter writer, string message, string trackingId, IReadOnlyList<(int Code, string Description)>? coded)
    {
        writer.WriteStartObject();
        writer.WriteString("message", message);
        writer.WriteStartArray("errors");
        if (coded is null)
        {
            writer.WriteStartObject();
            writer.WriteString("description", message);
            writer.WriteEndObject();
        }
        else
        {
            foreach (var (code, description) in coded)
            {
                writer.WriteStartObject();
                writer.WriteNumber("errorCode", code);
                writer.WriteString("description", description);
                writer.WriteEndObject();
            }
        }

        writer.WriteEndArray();
        writer.WriteString("trackingId", trackingId);
        writer.WriteEndObject();
    }

    /// <summary>The request's tracking id (set by the Webex surface), or a SIM_ one for the control API.</summary>
    public static string TrackingId(HttpContext context)
    {
        var existing = context.Response.Headers[TrackingHeader].ToString();
        if (existing.Length > 0)
        {
            return existing;
        }

        var created = "SIM_" + Guid.NewGuid().ToString().ToUpperInvariant();
        context.Response.Headers[TrackingHeader] = created;
        return created;
    }

    public static void WriteStringArray(this Utf8JsonWriter writer, string propertyName, IEnumerable<string> values)
    {
        writer.WriteStartArray(propertyName);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }
}
