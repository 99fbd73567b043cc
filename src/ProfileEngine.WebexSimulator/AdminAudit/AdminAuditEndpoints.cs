using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using ProfileEngine.WebexSimulator.Generation;
using ProfileEngine.WebexSimulator.Json;
using ProfileEngine.WebexSimulator.OAuth;
using ProfileEngine.WebexSimulator.Org;

namespace ProfileEngine.WebexSimulator.AdminAudit;

/// <summary>
/// <c>GET /v1/adminAudit/events</c>: orgId, from and to required; newest first; <c>offset</c> paging with a
/// Link to the next offset while more remain.
/// </summary>
public static class AdminAuditEndpoints
{
    public const int MaxPageSize = 200;
    private const int DefaultMax = 100;
    private const int AuditIdKind = 5;

    /// <summary>The categories the simulated audit events use, as the <c>eventCategories</c> filter takes them.</summary>
    public static readonly IReadOnlyList<string> CategoryNames =
        [.. Enum.GetValues<AuditCategory>().Select(CategoryName).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    public static void MapAdminAudit(this IEndpointRouteBuilder app, SimulatorState state)
    {
        app.MapGet("/v1/adminAudit/events", context => Access.Deny(context, Scopes.AuditEventsRead) ?? List(context, state));
        app.MapGet("/v1/adminAudit/eventCategories", context => Access.Deny(context, Scopes.AuditEventsRead) ?? ListCategories(context));
    }

    /// <summary><c>AuditEventCategoryCollectionResponse</c>: <c>{"eventCategories":[...]}</c>.</summary>
    private static Task ListCategories(HttpContext context) =>
        Respond.Json(context, StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            w.WriteStringArray("eventCategories", CategoryNames);
            w.WriteEndObject();
        });

    private static Task List(HttpContext context, SimulatorState state)
    {
        var query = context.Request.Query;
        foreach (var required in new[] { "orgId", "from", "to" })
        {
            if (query[required].ToString().Length == 0)
            {
                return Respond.Error(context, 400, $"The {required} parameter is required.");
            }
        }

        if (!WebexTime.TryParse(query["from"], out var from) || !WebexTime.TryParse(query["to"], out var to))
        {
            return Respond.Error(context, 400, "from and to must be ISO-8601 times.");
        }

        if (!Paging.TryQueryInt(context, "max", out var max) || !Paging.TryQueryInt(context, "offset", out var offsetParameter) || offsetParameter < 0)
        {
            return Respond.Error(context, 400, "max and offset must be non-negative numbers.");
        }

        var categories = query["eventCategories"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var pageSize = Paging.PageSize(max, DefaultMax, MaxPageSize);
        var offset = offsetParameter ?? 0;

        using var readLock = state.Read();
        var org = state.Data;
        if (query["orgId"].ToString() != org.OrgId)
        {
            return Respond.Error(context, 403, "Not authorized to read audit events of that organization.");
        }

        var actor = -1;
        var actorId = query["actorId"].ToString();
        if (actorId.Length > 0)
        {
            actor = org.FindPerson(actorId)?.Ordinal ?? int.MaxValue;
        }

        var audits = org.AuditEvents;
        var low = org.AuditIndexAfter(from.UtcTicks - 1, int.MaxValue);
        var high = org.AuditIndexAfter(to.UtcTicks - 1, int.MaxValue);
        var page = new List<AdminAuditEvent>(Math.Min(pageSize, 256));
        var skipped = 0;
        var more = false;
        for (var i = high - 1; i >= low; i--)
        {
            var item = audits[i];
            if ((actor >= 0 && item.Actor != actor) || (categories.Length > 0 && !categories.Contains(CategoryName(item.Category), StringComparer.OrdinalIgnoreCase)))
            {
                continue;
            }

            if (skipped < offset)
            {
                skipped++;
                continue;
            }

            if (page.Count == pageSize)
            {
                more = true;
                break;
            }

            page.Add(item);
        }

        if (more)
        {
            Paging.SetNextLink(context, "offset", (offset + page.Count).ToString(CultureInfo.InvariantCulture));
        }

        var writer = Respond.StartJson(context);
        writer.WriteStartObject();
        writer.WriteStartArray("items");
        foreach (var item in page)
        {
            Write(writer, item, org);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        return Respond.Finish(context, writer);
    }

    private static string CategoryName(AuditCategory category) => category switch
    {
        AuditCategory.Users => "USERS",
        AuditCategory.Licenses => "LICENSES",
        _ => "LOGINS",
    };

    private static void Write(Utf8JsonWriter writer, AdminAuditEvent item, OrgData org)
    {
        var actor = org.AllPeople[item.Actor];
        var target = org.AllPeople[item.Target];
        var uuid = WebexId.DerivedUuid(org.Seed, AuditIdKind, item.Sequence);
        var isFullAdmin = actor.RoleIndexes.Contains(OrgGenerator.FullAdministrator);
        var (description, action, targetType, targetName, targetId) = item.Category switch
        {
            AuditCategory.Users => ("A user was modified", $"{actor.DisplayName} modified user {target.Email}", "TargetResourceType.USER", target.DisplayName, target.Uuid.ToString()),
            AuditCategory.Licenses => ("User licenses were changed", $"{actor.DisplayName} changed licenses of {target.Email}", "TargetResourceType.USER", target.DisplayName, target.Uuid.ToString()),
            _ => ("An Admin logged in", $"{actor.DisplayName} logged into organization {org.Name}", "TargetResourceType.ORG", org.Name, org.OrgUuid.ToString()),
        };
        writer.WriteStartObject();
        writer.WriteStartObject("data");
        writer.WriteString("actorOrgName", org.Name);
        writer.WriteString("targetName", targetName);
        writer.WriteString("eventDescription", description);
        writer.WriteString("actorName", actor.DisplayName);
        writer.WriteString("actorEmail", actor.Email);
        writer.WriteStartArray("adminRoles");
        writer.WriteStringValue(isFullAdmin ? "Full_Admin" : "User");
        writer.WriteEndArray();
        writer.WriteString("trackingId", "ATLAS_" + uuid + "_0");
        writer.WriteString("targetType", targetType);
        writer.WriteString("targetId", Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes(targetId)).TrimEnd('='));
        writer.WriteString("eventCategory", "EventCategory." + CategoryName(item.Category));
        writer.WriteString("actorUserAgent", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36");
        writer.WriteString("actorIp", "192.0.2." + ((item.Actor % 250) + 1).ToString(CultureInfo.InvariantCulture));
        writer.WriteString("targetOrgId", org.OrgId);
        writer.WriteString("actionText", action);
        writer.WriteString("targetOrgName", org.Name);
        writer.WriteEndObject();
        writer.WriteTime("created", item.Ticks);
        writer.WriteString("actorOrgId", org.OrgId);
        writer.WriteString("id", Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes(uuid.ToString())).TrimEnd('='));
        writer.WriteString("actorId", actor.Id);
        writer.WriteEndObject();
    }
}
