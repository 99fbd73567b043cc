using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using ProfileEngine.WebexSimulator.Json;
using ProfileEngine.WebexSimulator.OAuth;
using ProfileEngine.WebexSimulator.Org;

namespace ProfileEngine.WebexSimulator.Meetings;

/// <summary>
/// <c>GET /v1/meetingReports/usage?siteUrl=…</c>: the site's ended sessions of one service type (MeetingCenter by
/// default, else TrainingCenter, EventCenter or SupportCenter), newest start first, <c>from</c> inclusive, <c>to</c>
/// exclusive, Link-paged. Cisco's limits are refused as Webex does: <c>to - from</c> over 30 days, <c>from</c> more than
/// 90 days ago, <c>max</c> outside 1-1000 (default last 7 days, max 10). A session shows only once it ended
/// <see cref="SimulatorState.UsageReportDelay"/> ago (Webex: report data is available within 24 hours after the end).
/// </summary>
public static class MeetingUsageEndpoints
{
    public const int MaxPageSize = 1000;
    public const int MaxIntervalDays = 30;
    public const int OldestFromDays = 90;
    private const int DefaultMax = 10;
    private const string CursorParameter = "cursor";

    public static void MapMeetingUsage(this IEndpointRouteBuilder app, SimulatorState state) =>
        app.MapGet("/v1/meetingReports/usage", context => Access.Deny(context, Scopes.MeetingsAdminRead) ?? List(context, state));

    private static Task List(HttpContext context, SimulatorState state)
    {
        var query = context.Request.Query;
        var siteUrl = query["siteUrl"].ToString();
        if (siteUrl.Length == 0)
        {
            return Respond.Error(context, 400, "siteUrl is required.");
        }

        var serviceText = query["serviceType"].ToString();
        SessionService? service = null;
        if (serviceText.Length > 0 && serviceText != "MeetingCenter")
        {
            if (!Enum.TryParse<SessionService>(serviceText, ignoreCase: false, out var parsed) || !Enum.IsDefined(parsed))
            {
                return Respond.Error(context, 400, $"serviceType '{serviceText}' is not valid: use MeetingCenter, EventCenter, SupportCenter or TrainingCenter.");
            }

            service = parsed;
        }

        if (!Paging.TryQueryInt(context, "max", out var max) || max is < 1 or > MaxPageSize)
        {
            return Respond.Error(context, 400, $"max must be greater than 0 and equal to or less than {MaxPageSize}.");
        }

        var now = state.Now;
        if (MeetingTimeRange.Read(context, now, out var rangeError) is not { } range)
        {
            return Respond.Error(context, 400, rangeError);
        }

        var (from, to) = range;

        if (to - from > TimeSpan.FromDays(MaxIntervalDays))
        {
            return Respond.Error(context, 400, $"The interval between to and from cannot exceed {MaxIntervalDays} days.");
        }

        if (from < now - TimeSpan.FromDays(OldestFromDays))
        {
            return Respond.Error(context, 400, $"from cannot be earlier than {OldestFromDays} days ago.");
        }

        var cursor = query[CursorParameter].ToString();
        long beforeTicks = long.MaxValue;
        var beforeSequence = int.MaxValue;
        if (cursor.Length > 0 && !Paging.TryDecodeCursor(cursor, out beforeTicks, out beforeSequence))
        {
            return Respond.Error(context, 400, "The cursor is not valid.");
        }

        var pageSize = Paging.PageSize(max, DefaultMax, MaxPageSize);
        using var readLock = state.Read();
        var org = state.Data;
        if (!string.Equals(siteUrl, org.SiteUrl, StringComparison.OrdinalIgnoreCase))
        {
            return Respond.Error(context, 400, $"siteUrl '{siteUrl}' is not a site of this organization.");
        }

        // A session is in the report once it ended and the report lag (SimulatorState.UsageReportDelay) has passed.
        var lastReportedEnd = (now - state.UsageReportDelay).UtcTicks;
        var page = service is { } center
            ? Newest(org.Sessions, s => (s.StartTicks, s.Sequence), s => s.Service == center && EndTicks(s.StartTicks, s.DurationMinutes) <= lastReportedEnd, from, to, beforeTicks, beforeSequence, pageSize, s => Row.Of(s))
            : Newest(org.Meetings, m => (m.StartTicks, m.Sequence), m => EndTicks(m.StartTicks, m.DurationMinutes) <= lastReportedEnd, from, to, beforeTicks, beforeSequence, pageSize, m => Row.Of(m));
        if (page.Count > pageSize)
        {
            page.RemoveAt(page.Count - 1);
            Paging.SetNextLink(context, CursorParameter, Paging.EncodeCursor(page[^1].StartTicks, page[^1].Sequence));
        }

        var writer = Respond.StartJson(context);
        writer.WriteStartObject();
        writer.WriteStartArray("items");
        foreach (var row in page)
        {
            Write(writer, row, org, serviceText.Length == 0 ? "MeetingCenter" : serviceText);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        return Respond.Finish(context, writer);
    }

    /// <summary>Up to <paramref name="pageSize"/> + 1 rows (the extra one says another page follows), newest first.</summary>
    private static List<Row> Newest<T>(
        List<T> history,
        Func<T, (long Ticks, int Sequence)> key,
        Func<T, bool> matches,
        DateTimeOffset from,
        DateTimeOffset to,
        long beforeTicks,
        int beforeSequence,
        int pageSize,
        Func<T, Row> row)
    {
        var page = new List<Row>(Math.Min(pageSize + 1, 128));
        var end = Math.Min(
            HistoryOrder.IndexAfter(history, key, to.UtcTicks - 1, int.MaxValue),
            HistoryOrder.IndexAfter(history, key, beforeTicks, beforeSequence - 1));
        for (var i = end - 1; i >= 0 && page.Count <= pageSize; i--)
        {
            var item = history[i];
            if (key(item).Ticks < from.UtcTicks)
            {
                break;
            }

            if (matches(item))
            {
                page.Add(row(item));
            }
        }

        return page;
    }

    private static long EndTicks(long startTicks, int durationMinutes) => startTicks + (durationMinutes * TimeSpan.TicksPerMinute);

    private static void Write(Utf8JsonWriter writer, Row row, OrgData org, string serviceType)
    {
        var host = org.AllPeople[row.Host];
        // Meetings and each kind of session are numbered apart, so ids never repeat across service types.
        var number = (2_600_000_000L + (row.Kind * 100_000_000L) + row.Sequence).ToString(CultureInfo.InvariantCulture);
        writer.WriteStartObject();
        writer.WriteString("meetingId", $"{row.Sequence:x8}{org.OrgUuid:N}"[..32] + "_I_" + number);
        writer.WriteString("meetingNumber", number);
        writer.WriteString("meetingTitle", host.DisplayName + "'s " + (serviceType switch
        {
            "TrainingCenter" => "training session",
            "EventCenter" => "event",
            "SupportCenter" => "support session",
            _ => "meeting",
        }));
        writer.WriteTime("start", row.StartTicks);
        writer.WriteTime("end", EndTicks(row.StartTicks, row.DurationMinutes));
        writer.WriteNumber("duration", row.DurationMinutes);
        writer.WriteString("scheduledType", serviceType == "EventCenter" ? "webinar" : "meeting");
        writer.WriteString("hostDisplayName", host.DisplayName);
        writer.WriteString("hostEmail", host.Email);
        writer.WriteNumber("totalPeopleMinutes", row.Participants * row.DurationMinutes);
        writer.WriteNumber("totalCallInMinutes", 0);
        writer.WriteNumber("totalCallOutDomestic", 0);
        writer.WriteNumber("totalCallInTollFreeMinutes", 0);
        writer.WriteNumber("totalCallOutInternational", 0);
        writer.WriteNumber("totalVoipMinutes", row.Participants * row.DurationMinutes);
        writer.WriteNumber("totalParticipants", row.Participants);
        writer.WriteNumber("totalParticipantsVoip", row.Participants);
        writer.WriteNumber("totalParticipantsCallIn", 0);
        writer.WriteNumber("totalParticipantsCallOut", 0);
        writer.WriteNumber("peakAttendee", row.Participants);
        writer.WriteNumber("totalRegistered", 0);
        writer.WriteNumber("totalInvitee", row.Participants);
        writer.WriteString("serviceType", serviceType);
        writer.WriteStartArray("trackingCodes");
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private readonly record struct Row(long StartTicks, int Sequence, int Host, int DurationMinutes, int Participants, int Kind)
    {
        public static Row Of(Meeting meeting) =>
            new(meeting.StartTicks, meeting.Sequence, meeting.Host, meeting.DurationMinutes, meeting.Attendees.Length + 1, 0);

        public static Row Of(HostedSession session) =>
            new(session.StartTicks, session.Sequence, session.Host, session.DurationMinutes, session.Participants, 1 + (int)session.Service);
    }
}
