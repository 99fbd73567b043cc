namespace ProfileEngine.Connectors.Webex.Models;

/// <summary>A compliance event (<c>GET /v1/events</c>); needs a Compliance Officer token.</summary>
public sealed record ComplianceEvent
{
    public required string Id { get; init; }

    /// <summary>messages, memberships, files, meetings, call_records, ...</summary>
    public string? Resource { get; init; }

    /// <summary>created, updated, deleted or ended.</summary>
    public string? Type { get; init; }

    public string? AppId { get; init; }
    public string? ActorId { get; init; }
    public string? OrgId { get; init; }
    public DateTimeOffset Created { get; init; }
    public ComplianceEventData? Data { get; init; }
}

/// <summary>The parts of the resource snapshot that say who did something; other fields are ignored.</summary>
public sealed record ComplianceEventData
{
    public string? Id { get; init; }
    public string? RoomId { get; init; }
    public string? RoomType { get; init; }
    public string? PersonId { get; init; }
    public string? PersonEmail { get; init; }
    public string? MeetingId { get; init; }
    public string? CreatorId { get; init; }
    public DateTimeOffset? Created { get; init; }
}

public sealed record ComplianceEventQuery
{
    public string? Resource { get; init; }
    public string? Type { get; init; }
    public string? ActorId { get; init; }
    public DateTimeOffset? From { get; init; }
    public DateTimeOffset? To { get; init; }

    /// <summary>Page size, 1 to 1000.</summary>
    public int? Max { get; init; }
}
