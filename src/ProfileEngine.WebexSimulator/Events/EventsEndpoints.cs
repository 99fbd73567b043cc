using System.Runtime.InteropServices;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using ProfileEngine.WebexSimulator.Json;
using ProfileEngine.WebexSimulator.OAuth;
using ProfileEngine.WebexSimulator.Org;

namespace ProfileEngine.WebexSimulator.Events;

/// <summary>
/// <c>GET /v1/events</c>: compliance events, newest first, <c>from</c> inclusive and <c>to</c> exclusive
/// (<c>to</c> defaults to now, inclusive, and is capped at now). Link paging with a (time, sequence) cursor.
/// </summary>
public static class EventsEndpoints
{
    public const int MaxPageSize = 1000;
    private const int DefaultMax = 100;
    private const string CursorParameter = "cursor";

    private static readonly string[] KnownResources =
        ["attachmentActions", "businessTexts", "call_records", "convergedRecordings", "file_transcodings", "files",
         "meetingMessages", "meetings", "meetingTranscripts", "memberships", "messages", "rooms", "tabs"];

    private static readonly string[] KnownTypes = ["created", "updated", "deleted", "ended"];

    public static void MapEvents(this IEndpointRouteBuilder app, SimulatorState state)
    {
        app.MapGet("/v1/events", context =>
            Access.Deny(context, Scopes.ComplianceEventsRead)
            ?? Access.DenyWithoutRole(context, SimulatorState.ComplianceOfficer)
            ?? List(context, state));
        app.MapGet("/v1/events/{eventId}", context =>
            Access.Deny(context, Scopes.ComplianceEventsRead)
            ?? Access.DenyWithoutRole(context, SimulatorState.ComplianceOfficer)
            ?? Get(context, state));
    }

    /// <summary>
    /// One event by id. Ids are derived from the event's sequence number, so the lookup scans the (time-ordered) list;
    /// events after the simulated now do not exist yet.
    /// </summary>
    private static Task Get(HttpContext context, SimulatorState state)
    {
        var eventId = context.Request.RouteValues["eventId"] as string ?? "";
        if (!WebexId.TryDecode(eventId, out var type, out var value) || type != "EVENT" || !Guid.TryParse(value, out var uuid))
        {
            return Respond.Error(context, StatusCodes.Status404NotFound, $"Event {eventId} not found.");
        }

        using var readLock = state.Read();
        var org = state.Data;
        var events = CollectionsMarshal.AsSpan(org.Events);
        var now = state.Now.UtcTicks;
        foreach (ref readonly var item in events)
        {
            if (item.Ticks <= now && WebexId.DerivedUuid(org.Seed, EventJson.EventIdKind, item.Sequence) == uuid)
            {
                var found = item;
                return Respond.Json(context, StatusCodes.Status200OK, w => EventJson.Write(w, found, org));
            }
        }

        return Respond.Error(context, StatusCodes.Status404NotFound, $"Event {eventId} not found.");
    }

    private static Task List(HttpContext context, SimulatorState state)
    {
        var query = context.Request.Query;
        var resourceName = query["resource"].ToString();
        var type = query["type"].ToString();
        if (resourceName.Length > 0 && !KnownResources.Contains(resourceName))
        {
            return Respond.Error(context, 400, $"resource '{resourceName}' is not valid.");
        }

        if (type.Length > 0 && !KnownTypes.Contains(type))
        {
            return Respond.Error(context, 400, $"type '{type}' is not valid.");
        }

        if (!Paging.TryQueryInt(context, "max", out var max))
        {
            return Respond.Error(context, 400, "max must be a number.");
        }

        var now = state.Now;
        if (!WebexTime.TryParseOptional(query["from"], DateTimeOffset.MinValue, out var from) || !WebexTime.TryParseOptional(query["to"], now, out var to))
        {
            return Respond.Error(context, 400, "from and to must be ISO-8601 times.");
        }

        var cursor = query[CursorParameter].ToString();
        long cursorTicks = long.MaxValue;
        var cursorSequence = int.MaxValue;
        if (cursor.Length > 0 && !Paging.TryDecodeCursor(cursor, out cursorTicks, out cursorSequence))
        {
            return Respond.Error(context, 400, "The cursor is not valid.");
        }

        // Only "created" events of four resources are simulated; other valid filters simply match nothing.
        var filterResource = resourceName.Length > 0;
        var simulatedResource = EventJson.TryParseResource(resourceName, out var resource);
        var matchesNothing = (type.Length > 0 && type != "created") || (filterResource && !simulatedResource);
        var pageSize = Paging.PageSize(max, DefaultMax, MaxPageSize);

        using var readLock = state.Read();
        var org = state.Data;
        var actor = -1;
        var actorId = query["actorId"].ToString();
        if (actorId.Length > 0)
        {
            actor = org.FindPerson(actorId)?.Ordinal ?? -1;
            matchesNothing |= actor < 0;
        }

        var events = CollectionsMarshal.AsSpan(org.Events);
        var low = OrgData.EventIndexAfter(events, from.UtcTicks, -1);
        // An explicit "to" is exclusive; the default (now) includes events of this very moment.
        var high = OrgData.EventIndexAfter(events, to >= now ? now.UtcTicks + 1 : to.UtcTicks, -1);
        if (cursor.Length > 0)
        {
            high = Math.Min(high, OrgData.EventIndexAfter(events, cursorTicks, cursorSequence - 1));
        }

        var page = new List<int>(Math.Min(pageSize, 1024));
        var more = false;
        for (var i = high - 1; !matchesNothing && i >= low; i--)
        {
            ref readonly var item = ref events[i];
            if ((filterResource && item.Resource != resource) || (actor >= 0 && item.Actor != actor))
            {
                continue;
            }

            if (page.Count == pageSize)
            {
                more = true;
                break;
            }

            page.Add(i);
        }

        if (more)
        {
            var last = events[page[^1]];
            Paging.SetNextLink(context, CursorParameter, Paging.EncodeCursor(last.Ticks, last.Sequence));
        }

        var writer = Respond.StartJson(context);
        writer.WriteStartObject();
        writer.WriteStartArray("items");
        foreach (var index in page)
        {
            EventJson.Write(writer, events[index], org);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        return Respond.Finish(context, writer);
    }
}
