using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using ProfileEngine.WebexSimulator.Json;
using ProfileEngine.WebexSimulator.OAuth;

namespace ProfileEngine.WebexSimulator.Licenses;

/// <summary><c>GET /v1/licenses</c> (not paged) and <c>GET /v1/licenses/{id}</c> with its assigned users (cursor <c>next</c>).</summary>
public static class LicensesEndpoints
{
    public const int MaxUsersPerPage = 300;
    private const string CursorParameter = "next";
    private const string CursorType = "LICENSE_USER_PAGING";

    public static void MapLicenses(this IEndpointRouteBuilder app, SimulatorState state)
    {
        app.MapGet("/v1/licenses", context => List(context, state));
        app.MapGet("/v1/licenses/{licenseId}", context => Get(context, state));
    }

    private static Task List(HttpContext context, SimulatorState state)
    {
        if (Access.Deny(context, Scopes.LicensesRead) is { } denied)
        {
            return denied;
        }

        using var _ = state.Read();
        var org = state.Data;
        var orgId = context.Request.Query["orgId"].ToString();
        if (orgId.Length > 0 && orgId != org.OrgId)
        {
            return Respond.Error(context, 403, "Not authorized to list licenses of that organization.");
        }

        var counts = LicenseJson.CountAssignments(org);
        var writer = Respond.StartJson(context);
        writer.WriteStartObject();
        writer.WriteStartArray("items");
        foreach (var license in org.Licenses)
        {
            writer.WriteStartObject();
            LicenseJson.WriteFields(writer, license, counts[license.Index]);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        return Respond.Finish(context, writer);
    }

    private static Task Get(HttpContext context, SimulatorState state)
    {
        if (Access.Deny(context, Scopes.LicensesRead) is { } denied)
        {
            return denied;
        }

        var query = context.Request.Query;
        if (!Paging.TryQueryInt(context, "limit", out var limit))
        {
            return Respond.Error(context, 400, "limit must be a number.");
        }

        var after = -1;
        var cursor = query[CursorParameter].ToString();
        if (cursor.Length > 0 && !(WebexId.TryDecode(cursor, out var type, out var value) && type == CursorType
            && int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out after)))
        {
            return Respond.Error(context, 400, "The next cursor is not valid.");
        }

        var includeUsers = query["includeAssignedTo"].ToString();
        if (includeUsers.Length > 0 && includeUsers != "user")
        {
            return Respond.Error(context, 400, "includeAssignedTo must be 'user'.");
        }

        using var _ = state.Read();
        var org = state.Data;
        var license = org.FindLicense(context.Request.RouteValues["licenseId"] as string);
        if (license is null)
        {
            return Respond.Error(context, 404, "The requested resource could not be found.");
        }

        var pageSize = Paging.PageSize(limit, MaxUsersPerPage, MaxUsersPerPage);
        var page = new List<Org.Person>();
        var more = false;
        if (includeUsers.Length > 0)
        {
            for (var i = org.IndexAfter(after); i < org.People.Count; i++)
            {
                var person = org.People[i];
                if (!person.Holds(license.Index))
                {
                    continue;
                }

                if (page.Count == pageSize)
                {
                    more = true;
                    break;
                }

                page.Add(person);
            }
        }

        if (more)
        {
            Paging.SetNextLink(context, CursorParameter, WebexId.Encode(CursorType, page[^1].Ordinal.ToString(CultureInfo.InvariantCulture)));
        }

        var writer = Respond.StartJson(context);
        writer.WriteStartObject();
        LicenseJson.WriteFields(writer, license, LicenseJson.CountAssignments(org)[license.Index]);
        if (includeUsers.Length > 0)
        {
            writer.WriteStartArray("users");
            foreach (var person in page)
            {
                writer.WriteStartObject();
                writer.WriteString("id", person.Id);
                writer.WriteString("type", "INTERNAL");
                writer.WriteString("displayName", person.DisplayName);
                writer.WriteString("email", person.Email);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
        return Respond.Finish(context, writer);
    }
}
