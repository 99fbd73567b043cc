namespace ProfileEngine.Connectors.Webex.Models;

/// <summary>A Control Hub admin action (<c>GET /v1/adminAudit/events</c>).</summary>
public sealed record AdminAuditEvent
{
    public required string Id { get; init; }
    public string? ActorId { get; init; }
    public string? ActorOrgId { get; init; }
    public DateTimeOffset Created { get; init; }
    public AdminAuditEventData? Data { get; init; }
}

public sealed record AdminAuditEventData
{
    public string? ActorOrgName { get; init; }
    public string? TargetName { get; init; }
    public string? EventDescription { get; init; }
    public string? ActorName { get; init; }
    public string? ActorEmail { get; init; }
    public IReadOnlyList<string> AdminRoles { get; init => field = value ?? []; } = [];
    public string? TrackingId { get; init; }
    public string? TargetType { get; init; }
    public string? TargetId { get; init; }

    /// <summary>For example EventCategory.LOGINS.</summary>
    public string? EventCategory { get; init; }

    public string? ActorUserAgent { get; init; }
    public string? ActorIp { get; init; }
    public string? TargetOrgId { get; init; }
    public string? ActionText { get; init; }
    public string? TargetOrgName { get; init; }
}

/// <summary>Webex requires <see cref="OrgId"/>, <see cref="From"/> and <see cref="To"/> (at most one year apart).</summary>
public sealed record AdminAuditEventQuery
{
    public required string OrgId { get; init; }
    public required DateTimeOffset From { get; init; }
    public required DateTimeOffset To { get; init; }
    public string? ActorId { get; init; }

    /// <summary>Comma-separated categories, e.g. LOGINS,LOGOUT.</summary>
    public string? EventCategories { get; init; }

    /// <summary>Page size, at most 200.</summary>
    public int? Max { get; init; }
}
