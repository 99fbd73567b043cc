using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using ProfileEngine.WebexSimulator.Json;
using ProfileEngine.WebexSimulator.OAuth;
using ProfileEngine.WebexSimulator.Org;

namespace ProfileEngine.WebexSimulator.Meetings;

/// <summary>
/// <c>GET /v1/meetings?meetingType=meeting</c> and <c>GET /v1/meetings/{meetingId}</c>: ended meeting instances, as
/// Cisco's spec (webex-meeting.json, /meetings) scopes them. A caller sees the meetings they hosted or were invited to
/// (the simulator counts a meeting's attendees as its invitees); with an admin scope, <c>hostEmail</c> shows another
/// user's meetings "as if the user calling the API were the user of hostEmail"; a Full Administrator with
/// <c>meeting:admin_schedule_read</c> and no <c>hostEmail</c> lists every instance of the org. An instance is listed
/// only 15 minutes after it ended. Oldest start first, <c>from</c> inclusive, <c>to</c> exclusive (default: last 7
/// days), Link-paged.
/// </summary>
public static class MeetingsEndpoints
{
    public const int MaxPageSize = 100;

    /// <summary>The user-level scope ("Retrieve your Webex meeting lists and details" on Cisco's scope list).</summary>
    public const string OwnMeetingsRead = "meeting:schedules_read";

    /// <summary>"Details of an ended meeting will only be available 15 minutes after the meeting has ended" (spec, param state).</summary>
    public static readonly TimeSpan EndedDetailsDelay = TimeSpan.FromMinutes(15);

    private const int DefaultMax = 10;
    private const string CursorParameter = "cursor";

    public static void MapMeetings(this IEndpointRouteBuilder app, SimulatorState state)
    {
        app.MapGet("/v1/meetings", context => Access.Deny(context, Scopes.MeetingsAdminRead, OwnMeetingsRead) ?? List(context, state));
        app.MapGet("/v1/meetings/{meetingId}", context => Access.Deny(context, Scopes.MeetingsAdminRead, OwnMeetingsRead) ?? Get(context, state));
    }

    /// <summary>Whose meetings a request sees: the whole org, or those one person hosted or (optionally) was invited to.</summary>
    private readonly record struct Audience(bool WholeOrg, int Person, bool Invited)
    {
        public const int Nobody = -1;

        public bool Sees(Meeting meeting) =>
            WholeOrg || meeting.Host == Person || (Invited && Person != Nobody && Array.IndexOf(meeting.Attendees, Person) >= 0);
    }

    private static Audience AudienceOf(HttpContext context, OrgData org, bool orgWideAllowed, bool invited)
    {
        var grant = Access.GrantOf(context);
        var admin = grant.HasScope(Scopes.MeetingsAdminRead);
        var hostEmail = context.Request.Query["hostEmail"].ToString();

        // The spec: hostEmail "is only used if the user or application calling the API has the admin-level scopes".
        if (admin && hostEmail.Length > 0)
        {
            return new Audience(false, org.PeopleByEmail.TryGetValue(hostEmail, out var host) ? host.Ordinal : Audience.Nobody, invited);
        }

        // The spec: "A full admin or a content admin can list all the ended and ongoing meeting instances of the
        // organization he manages with the meeting:admin_schedule_read scope and meetingType=meeting parameter."
        // The simulator has no content admin role.
        var wholeOrg = orgWideAllowed && admin && grant.HasRole(SimulatorState.FullAdministrator);
        return new Audience(wholeOrg, grant.Person, Invited: true);
    }

    private static Task List(HttpContext context, SimulatorState state)
    {
        var query = context.Request.Query;
        if (query["meetingType"].ToString() != "meeting")
        {
            return Respond.Error(context, 400, "The simulator lists ended meeting instances only: use meetingType=meeting.");
        }

        if (!Paging.TryQueryInt(context, "max", out var max))
        {
            return Respond.Error(context, 400, "max must be a number.");
        }

        var now = state.Now;
        if (MeetingTimeRange.Read(context, now, out var rangeError) is not { } range)
        {
            return Respond.Error(context, 400, rangeError);
        }

        var (from, to) = range;

        var cursor = query[CursorParameter].ToString();
        long afterTicks = long.MinValue;
        var afterSequence = int.MinValue;
        if (cursor.Length > 0 && !Paging.TryDecodeCursor(cursor, out afterTicks, out afterSequence))
        {
            return Respond.Error(context, 400, "The cursor is not valid.");
        }

        var stateFilter = query["state"].ToString();
        var pageSize = Paging.PageSize(max, DefaultMax, MaxPageSize);

        using var readLock = state.Read();
        var org = state.Data;
        var audience = AudienceOf(context, org, orgWideAllowed: true, invited: true);
        var meetings = org.Meetings;
        var page = new List<Meeting>(Math.Min(pageSize, 128));
        var more = false;
        var matchesNothing = (stateFilter.Length > 0 && stateFilter != "ended") || (!audience.WholeOrg && audience.Person == Audience.Nobody);
        var start = Math.Max(org.MeetingIndexAfter(from.UtcTicks - 1, int.MaxValue), org.MeetingIndexAfter(afterTicks, afterSequence));
        for (var i = start; !matchesNothing && i < meetings.Count; i++)
        {
            var meeting = meetings[i];
            if (meeting.StartTicks >= to.UtcTicks)
            {
                break;
            }

            if (!audience.Sees(meeting) || !IsListed(meeting, now))
            {
                continue;
            }

            if (page.Count == pageSize)
            {
                more = true;
                break;
            }

            page.Add(meeting);
        }

        if (more)
        {
            Paging.SetNextLink(context, CursorParameter, Paging.EncodeCursor(page[^1].StartTicks, page[^1].Sequence));
        }

        var writer = Respond.StartJson(context);
        writer.WriteStartObject();
        writer.WriteStartArray("items");
        foreach (var meeting in page)
        {
            MeetingJson.Write(writer, meeting, org);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        return Respond.Finish(context, writer);
    }

    /// <summary>
    /// One instance by id: the caller's (hosted or invited), or with an admin scope and <c>hostEmail</c>, one "hosted by
    /// that user" (spec, /meetings/{meetingId} param hostEmail). Anything else, or an instance that ended less than
    /// 15 minutes ago, is 404.
    /// </summary>
    private static Task Get(HttpContext context, SimulatorState state)
    {
        var meetingId = context.Request.RouteValues["meetingId"] as string ?? "";
        var now = state.Now;
        using var readLock = state.Read();
        var org = state.Data;
        var audience = AudienceOf(context, org, orgWideAllowed: false, invited: false);
        var sequence = MeetingJson.SequenceOf(meetingId);
        var meeting = sequence < 0 ? null : org.Meetings.Find(m => m.Sequence == sequence);
        if (meeting is null || MeetingJson.InstanceId(org, meeting) != meetingId || !audience.Sees(meeting) || !IsListed(meeting, now))
        {
            return Respond.Error(context, 404, "Meeting not found.");
        }

        var writer = Respond.StartJson(context);
        MeetingJson.Write(writer, meeting, org, withSeriesId: false);
        return Respond.Finish(context, writer);
    }

    private static bool IsListed(Meeting meeting, DateTimeOffset now) =>
        MeetingJson.EndTicks(meeting) + EndedDetailsDelay.Ticks <= now.UtcTicks;
}
