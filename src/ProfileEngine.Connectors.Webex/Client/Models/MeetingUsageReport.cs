namespace ProfileEngine.Connectors.Webex.Models;

/// <summary>One ended session of a site (<c>GET /v1/meetingReports/usage</c>); the host is named by email only.</summary>
public sealed record MeetingUsageReport
{
    public string? MeetingId { get; init; }
    public string? MeetingNumber { get; init; }
    public string? MeetingTitle { get; init; }
    public DateTimeOffset? Start { get; init; }
    public DateTimeOffset? End { get; init; }
    public double? Duration { get; init; }
    public string? ScheduledType { get; init; }
    public string? HostDisplayName { get; init; }
    public string? HostEmail { get; init; }
    public double? TotalParticipants { get; init; }

    /// <summary>MeetingCenter, EventCenter, TrainingCenter or SupportCenter.</summary>
    public string? ServiceType { get; init; }
}

public sealed record MeetingUsageQuery
{
    public const string MeetingCenter = "MeetingCenter";
    public const string TrainingCenter = "TrainingCenter";
    public const string EventCenter = "EventCenter";
    public const string SupportCenter = "SupportCenter";

    public static readonly IReadOnlyList<string> ServiceTypes = [MeetingCenter, TrainingCenter, EventCenter, SupportCenter];

    /// <summary>The Webex site, e.g. <c>acme.webex.com</c> (required).</summary>
    public required string SiteUrl { get; init; }

    /// <summary>MeetingCenter when not given.</summary>
    public string? ServiceType { get; init; }

    /// <summary>Webex refuses <c>from</c> more than 90 days ago.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>At most 30 days after <see cref="From"/>.</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary>Page size, at most 1000.</summary>
    public int? Max { get; init; }
}
