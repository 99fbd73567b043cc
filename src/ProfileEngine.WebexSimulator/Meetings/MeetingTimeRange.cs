using Microsoft.AspNetCore.Http;
using ProfileEngine.WebexSimulator.Json;

namespace ProfileEngine.WebexSimulator.Meetings;

/// <summary>
/// The <c>from</c>/<c>to</c> query of the meetings APIs: either may be left out, and the range is then 7 days from
/// <c>from</c>, up to <c>to</c>, or up to now, as Cisco documents for <c>/v1/meetings</c> and <c>/v1/meetingReports</c>.
/// </summary>
internal static class MeetingTimeRange
{
    private static readonly TimeSpan DefaultRange = TimeSpan.FromDays(7);

    /// <summary>The range, or null with <paramref name="error"/> naming what is wrong.</summary>
    public static (DateTimeOffset From, DateTimeOffset To)? Read(HttpContext context, DateTimeOffset now, out string error)
    {
        var query = context.Request.Query;
        var fromText = query["from"].ToString();
        var toText = query["to"].ToString();
        error = string.Empty;
        if (!WebexTime.TryParseOptional(fromText, DateTimeOffset.MinValue, out var from) || !WebexTime.TryParseOptional(toText, DateTimeOffset.MinValue, out var to))
        {
            error = "from and to must be ISO-8601 times.";
            return null;
        }

        (from, to) = (fromText.Length > 0, toText.Length > 0) switch
        {
            (true, true) => (from, to),
            (true, false) => (from, from + DefaultRange),
            (false, true) => (to - DefaultRange, to),
            _ => (now - DefaultRange, now),
        };
        if (to < from)
        {
            error = "from cannot be after to.";
            return null;
        }

        return (from, to);
    }
}
