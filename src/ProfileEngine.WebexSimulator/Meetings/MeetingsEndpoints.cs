using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using ProfileEngine.WebexSimulator.Json;
using ProfileEngine.WebexSimulator.OAuth;
using ProfileEngine.WebexSimulator.Org;

namespace ProfileEngine.WebexSimulator.Meetings;

/// <summary>
/// <c>GET /v1/meetings?meetingType=meeting</c>: the org's ended meeting instances (admin, org-wide), oldest
/// start first, <c>from</c> inclusive, <c>to</c> exclusive (defaults as documented: last 7 days), Link-paged.
/// </summary>
public static class MeetingsEndpoints
{
    public const int MaxPageSize = 100;
    private const int DefaultMax = 10;
    private const string CursorParameter = "cursor";

    public static void MapMeetings(this IEndpointRouteBuilder app, SimulatorState state) =>
        app.MapGet("/v1/meetings", context => Access.Deny(context, Scopes.MeetingsAdminRead) ?? List(context, state));

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
        var hostEmail = query["hostEmail"].ToString();
        var pageSize = Paging.PageSize(max, DefaultMax, MaxPageSize);

        using var readLock = state.Read();
        var org = state.Data;
        var host = -1;
        if (hostEmail.Length > 0)
        {
            host = org.PeopleByEmail.TryGetValue(hostEmail, out var person) ? person.Ordinal : int.MaxValue;
        }

        var meetings = org.Meetings;
        var page = new List<Meeting>(Math.Min(pageSize, 128));
        var more = false;
        var matchesNothing = stateFilter.Length > 0 && stateFilter != "ended";
        var start = Math.Max(org.MeetingIndexAfter(from.UtcTicks - 1, int.MaxValue), org.MeetingIndexAfter(afterTicks, afterSequence));
        for (var i = start; !matchesNothing && i < meetings.Count; i++)
        {
            var meeting = meetings[i];
            if (meeting.StartTicks >= to.UtcTicks)
            {
                break;
            }

            if (host >= 0 && meeting.Host != host)
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
}
