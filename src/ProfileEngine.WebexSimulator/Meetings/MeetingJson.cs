using System.Globalization;
using System.Text.Json;
using ProfileEngine.WebexSimulator.Json;
using ProfileEngine.WebexSimulator.Org;

namespace ProfileEngine.WebexSimulator.Meetings;

/// <summary>An ended meeting instance as <c>GET /v1/meetings?meetingType=meeting</c> lists it and <c>GET /v1/meetings/{meetingId}</c> answers it.</summary>
public static class MeetingJson
{
    private const int SeriesIdKind = 4;
    private const long NumberBase = 2_500_000_000;

    public static string InstanceId(OrgData org, Meeting meeting) =>
        SeriesId(org, meeting) + "_I_" + (NumberBase + meeting.Sequence).ToString(CultureInfo.InvariantCulture);

    /// <summary>The sequence number an instance id was made from, or -1.</summary>
    public static int SequenceOf(string meetingId)
    {
        var marker = meetingId.LastIndexOf("_I_", StringComparison.Ordinal);
        return marker > 0 && long.TryParse(meetingId.AsSpan(marker + 3), NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            && number >= NumberBase && number - NumberBase < int.MaxValue
            ? (int)(number - NumberBase)
            : -1;
    }

    public static long EndTicks(Meeting meeting) => meeting.StartTicks + (meeting.DurationMinutes * TimeSpan.TicksPerMinute);

    /// <summary>
    /// Writes the instance; <paramref name="withSeriesId"/> false for <c>GET /v1/meetings/{meetingId}</c>, whose spec
    /// schema (MeetingSeriesObject) has no <c>meetingSeriesId</c>.
    /// </summary>
    public static void Write(Utf8JsonWriter writer, Meeting meeting, OrgData org, bool withSeriesId = true)
    {
        var host = org.AllPeople[meeting.Host];
        var series = SeriesId(org, meeting);
        var number = (NumberBase + meeting.Sequence).ToString(CultureInfo.InvariantCulture);
        writer.WriteStartObject();
        writer.WriteString("id", InstanceId(org, meeting));
        if (withSeriesId)
        {
            writer.WriteString("meetingSeriesId", series);
        }

        writer.WriteString("meetingNumber", number);
        writer.WriteString("title", host.DisplayName + "'s meeting");
        writer.WriteString("password", "Sim" + (meeting.Sequence % 100000).ToString("D5", CultureInfo.InvariantCulture));
        writer.WriteString("meetingType", "meeting");
        writer.WriteString("state", "ended");
        writer.WriteBoolean("hostDidJoin", true);
        writer.WriteBoolean("attendeeDidJoin", meeting.Attendees.Length > 0);
        writer.WriteString("timezone", "UTC");
        writer.WriteTime("start", meeting.StartTicks);
        writer.WriteTime("end", EndTicks(meeting));
        writer.WriteString("hostUserId", host.Id);
        writer.WriteString("hostDisplayName", host.DisplayName);
        writer.WriteString("hostEmail", host.Email);
        writer.WriteString("hostKey", "123456");
        writer.WriteString("siteUrl", org.SiteUrl);
        writer.WriteString("webLink", $"https://{org.SiteUrl}/{org.SiteUrl.Split('.')[0]}/j.php?MTID=m{series}");
        writer.WriteString("scheduledType", "meeting");
        writer.WriteStartObject("telephony");
        writer.WriteString("accessCode", number);
        writer.WriteStartArray("callInNumbers");
        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteBoolean("enabledBreakoutSessions", false);
        writer.WriteEndObject();
    }

    private static string SeriesId(OrgData org, Meeting meeting) =>
        WebexId.DerivedUuid(org.Seed, SeriesIdKind, meeting.Sequence).ToString("N");
}
