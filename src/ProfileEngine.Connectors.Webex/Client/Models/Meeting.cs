namespace ProfileEngine.Connectors.Webex.Models;

/// <summary>
/// A meeting instance (<c>GET /v1/meetings?meetingType=meeting</c>). Passwords and host keys are
/// deliberately not mapped: nothing here needs them and they must not end up in logs or storage.
/// </summary>
public sealed record Meeting
{
    public required string Id { get; init; }
    public string? MeetingSeriesId { get; init; }
    public string? ScheduledMeetingId { get; init; }
    public string? MeetingNumber { get; init; }
    public string? Title { get; init; }
    public string? MeetingType { get; init; }
    public string? State { get; init; }
    public string? Timezone { get; init; }
    public DateTimeOffset? Start { get; init; }
    public DateTimeOffset? End { get; init; }
    public string? HostUserId { get; init; }
    public string? HostDisplayName { get; init; }
    public string? HostEmail { get; init; }
    public string? SiteUrl { get; init; }
    public string? WebLink { get; init; }
    public string? ScheduledType { get; init; }
    public bool? HostDidJoin { get; init; }
    public bool? AttendeeDidJoin { get; init; }
}

public sealed record MeetingQuery
{
    public DateTimeOffset? From { get; init; }
    public DateTimeOffset? To { get; init; }

    /// <summary>active, scheduled, ready, lobby, inProgress, ended, missed or expired.</summary>
    public string? State { get; init; }

    public string? HostEmail { get; init; }
    public string? SiteUrl { get; init; }

    /// <summary>Page size, at most 100.</summary>
    public int? Max { get; init; }
}
