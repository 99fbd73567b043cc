using System.Text.Json.Serialization;

namespace ProfileEngine.Connectors.Webex.Models;

/// <summary>One entry of the <c>errors</c> array of a Webex error body.</summary>
public sealed record WebexErrorDetail
{
    public string? Description { get; init; }

    [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)]
    public long? ErrorCode { get; init; }
}

/// <summary>
/// The Webex error body: <c>{"message", "errors":[{"description","errorCode"}], "trackingId"}</c>; SCIM endpoints
/// answer RFC 7644 errors instead, with the text in <c>detail</c>.
/// </summary>
public sealed record WebexErrorBody
{
    public string? Message { get; init; }

    public string? Detail { get; init; }

    public string? ScimType { get; init; }
    public IReadOnlyList<WebexErrorDetail> Errors { get; init => field = value ?? []; } = [];
    public string? TrackingId { get; init; }
}
