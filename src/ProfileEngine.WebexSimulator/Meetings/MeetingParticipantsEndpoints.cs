using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using ProfileEngine.WebexSimulator.Json;
using ProfileEngine.WebexSimulator.OAuth;
using ProfileEngine.WebexSimulator.Org;

namespace ProfileEngine.WebexSimulator.Meetings;

/// <summary>
/// <c>GET /v1/meetingParticipants?meetingId=…</c>: host and attendees of one ended meeting instance, so
/// attending a meeting is visible to clients. Host first, then attendees; Link paging by offset.
/// </summary>
public static class MeetingParticipantsEndpoints
{
    public const int MaxPageSize = 100;
    private const int DefaultMax = 10;

    public static void MapMeetingParticipants(this IEndpointRouteBuilder app, SimulatorState state) =>
        app.MapGet("/v1/meetingParticipants", context => Access.Deny(context, Scopes.MeetingParticipantsAdminRead) ?? List(context, state));

    private static Task List(HttpContext context, SimulatorState state)
    {
        var meetingId = context.Request.Query["meetingId"].ToString();
        if (meetingId.Length == 0)
        {
            return Respond.Error(context, 400, "The meetingId parameter is required.");
        }

        if (!Paging.TryQueryInt(context, "max", out var max) || !Paging.TryQueryInt(context, "offset", out var offset) || offset < 0)
        {
            return Respond.Error(context, 400, "max and offset must be non-negative numbers.");
        }

        using var readLock = state.Read();
        var org = state.Data;
        var sequence = MeetingJson.SequenceOf(meetingId);
        var meeting = org.Meetings.Find(m => m.Sequence == sequence);
        if (meeting is null || MeetingJson.InstanceId(org, meeting) != meetingId)
        {
            return Respond.Error(context, 404, "Meeting not found.");
        }

        int[] everyone = [meeting.Host, .. meeting.Attendees];
        var first = offset ?? 0;
        var count = Math.Max(0, Math.Min(Paging.PageSize(max, DefaultMax, MaxPageSize), everyone.Length - first));
        if (first + count < everyone.Length)
        {
            Paging.SetNextLink(context, "offset", (first + count).ToString(CultureInfo.InvariantCulture));
        }

        var host = org.AllPeople[meeting.Host];
        var end = meeting.StartTicks + (meeting.DurationMinutes * TimeSpan.TicksPerMinute);
        var writer = Respond.StartJson(context);
        writer.WriteStartObject();
        writer.WriteStartArray("items");
        for (var i = first; i < first + count; i++)
        {
            var person = org.AllPeople[everyone[i]];
            writer.WriteStartObject();
            writer.WriteString("id", meetingId + "_" + person.Uuid.ToString("N"));
            writer.WriteString("orgId", org.OrgId);
            writer.WriteBoolean("host", i == 0);
            writer.WriteBoolean("coHost", false);
            writer.WriteString("email", person.Email);
            writer.WriteString("displayName", person.DisplayName);
            writer.WriteBoolean("invitee", i > 0);
            writer.WriteString("state", "end");
            writer.WriteTime("joinedTime", meeting.StartTicks);
            writer.WriteTime("leftTime", end);
            writer.WriteTime("meetingStartTime", meeting.StartTicks);
            writer.WriteString("siteUrl", org.SiteUrl);
            writer.WriteString("meetingId", meetingId);
            writer.WriteString("hostEmail", host.Email);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        return Respond.Finish(context, writer);
    }
}
