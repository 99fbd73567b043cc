using ProfileEngine.Connectors.Webex.Models;

namespace ProfileEngine.Connectors.Webex;

public sealed partial class WebexClient
{
    public const int MaxMeetingUsagePageSize = 1000;

    /// <summary>Webex refuses a usage-report range longer than this.</summary>
    public static readonly TimeSpan MaxMeetingUsageInterval = TimeSpan.FromDays(30);

    /// <summary>
    /// A site's ended sessions of one service type, newest start first (<c>GET /v1/meetingReports/usage</c>). The only
    /// place Webex shows who hosted Training, Events and Support sessions.
    /// </summary>
    public IAsyncEnumerable<MeetingUsageReport> ListMeetingUsageReportsAsync(MeetingUsageQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentException.ThrowIfNullOrWhiteSpace(query.SiteUrl);
        CheckPageSize(query.Max, MaxMeetingUsagePageSize);
        if (query.ServiceType is { } service && !MeetingUsageQuery.ServiceTypes.Contains(service))
        {
            throw new ArgumentException($"serviceType '{service}' is not one of {string.Join(", ", MeetingUsageQuery.ServiceTypes)}.", nameof(query));
        }

        if (query is { From: { } from, To: { } to } && to - from > MaxMeetingUsageInterval)
        {
            throw new ArgumentException($"Webex reports at most {MaxMeetingUsageInterval.TotalDays} days of usage per request, not {from:O} to {to:O}.", nameof(query));
        }

        var uri = Endpoint(
            "v1/meetingReports/usage",
            ("siteUrl", query.SiteUrl),
            ("serviceType", query.ServiceType),
            ("from", Timestamp(query.From)),
            ("to", Timestamp(query.To)),
            ("max", Number(query.Max)));
        return ReadPagesAsync(uri, "items", Json.MeetingUsageReport, cancellationToken);
    }
}
