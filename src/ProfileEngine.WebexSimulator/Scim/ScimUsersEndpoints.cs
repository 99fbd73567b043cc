using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using ProfileEngine.WebexSimulator.Json;
using ProfileEngine.WebexSimulator.OAuth;
using ProfileEngine.WebexSimulator.Org;

namespace ProfileEngine.WebexSimulator.Scim;

/// <summary>
/// <c>GET /identity/scim/{orgId}/v2/Users</c>: SCIM search over the org's people (bots and app users are
/// not SCIM users), with filter, sortBy/sortOrder, startIndex/count (count clamped at 1000) and
/// attributes/excludedAttributes; <c>GET .../Users/{userId}</c>: one user.
/// </summary>
public static class ScimUsersEndpoints
{
    public const int MaxCount = 1000;
    private const int DefaultCount = 100;
    private const string CoreSchema = "urn:ietf:params:scim:schemas:core:2.0:User";
    private const string EnterpriseSchema = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    private const string CiscoSchema = "urn:scim:schemas:extension:cisco:webexidentity:2.0:User";

    public const string ErrorSchema = "urn:ietf:params:scim:api:messages:2.0:Error";

    public static void MapScimUsers(this IEndpointRouteBuilder app, SimulatorState state)
    {
        app.MapGet("/identity/scim/{orgId}/v2/Users", context =>
            Access.Deny(context, Scopes.IdentityPeopleRead, Scopes.IdentityPeopleReadWrite) ?? Search(context, state));
        app.MapGet("/identity/scim/{orgId}/v2/Users/{userId}", context =>
            Access.Deny(context, Scopes.IdentityPeopleRead, Scopes.IdentityPeopleReadWrite) ?? Get(context, state));
    }

    /// <summary>One SCIM user by its identity UUID; 404 with a SCIM error body when the org has no such user.</summary>
    private static Task Get(HttpContext context, SimulatorState state)
    {
        var userId = context.Request.RouteValues["userId"] as string ?? "";
        var projection = ScimProjection.From(context.Request.Query["attributes"], context.Request.Query["excludedAttributes"]);
        using var readLock = state.Read();
        var org = state.Data;
        if (context.Request.RouteValues["orgId"] as string != org.OrgUuid.ToString())
        {
            return Respond.Error(context, 403, "Not authorized to read users of that organization.");
        }

        // The SCIM id is the UUID inside the People id.
        var person = Guid.TryParse(userId, out var uuid) ? org.FindPerson(WebexId.Encode("PEOPLE", uuid)) : null;
        if (person is not { Type: PersonType.Person })
        {
            return ScimError(context, StatusCodes.Status404NotFound, null, $"User {userId} not found.");
        }

        var location = UsersLocation(context, org);
        return Respond.Json(context, StatusCodes.Status200OK, w => projection.Write(w, u => WriteUser(u, person, org, location)));
    }

    private static string UsersLocation(HttpContext context, OrgData org) =>
        $"{context.Request.Scheme}://{context.Request.Host}/identity/scim/{org.OrgUuid}/v2/Users/";

    private static Task Search(HttpContext context, SimulatorState state)
    {
        var query = context.Request.Query;
        ScimFilter? filter = null;
        try
        {
            var filterText = query["filter"].ToString();
            filter = filterText.Length == 0 ? null : ScimFilter.Parse(filterText);
        }
        catch (ScimFilterException e)
        {
            return ScimError(context, StatusCodes.Status400BadRequest, "invalidFilter", e.Message);
        }

        var sortBy = query["sortBy"].ToString();
        if (sortBy.Length > 0 && sortBy is not ("userName" or "id" or "meta.lastModified"))
        {
            return ScimError(context, StatusCodes.Status400BadRequest, "invalidValue", "sortBy must be userName, id or meta.lastModified.");
        }

        var descending = string.Equals(query["sortOrder"], "descending", StringComparison.OrdinalIgnoreCase);
        if (!Paging.TryQueryInt(context, "startIndex", out var startParameter) || !Paging.TryQueryInt(context, "count", out var countParameter))
        {
            return ScimError(context, StatusCodes.Status400BadRequest, "invalidValue", "startIndex and count must be numbers.");
        }

        var projection = ScimProjection.From(query["attributes"], query["excludedAttributes"]);
        var startIndex = Math.Max(1, startParameter ?? 1);
        var count = Math.Clamp(countParameter ?? DefaultCount, 0, MaxCount);

        using var readLock = state.Read();
        var org = state.Data;
        if (context.Request.RouteValues["orgId"] as string != org.OrgUuid.ToString())
        {
            return Respond.Error(context, 403, "Not authorized to read users of that organization.");
        }

        var matches = new List<Person>();
        try
        {
            foreach (var person in org.People)
            {
                if (person.Type == PersonType.Person && (filter is null || filter.Matches(person, org)))
                {
                    matches.Add(person);
                }
            }
        }
        catch (ScimFilterException e)
        {
            return ScimError(context, StatusCodes.Status400BadRequest, "invalidFilter", e.Message);
        }

        Comparison<Person>? order = sortBy switch
        {
            "userName" => (a, b) => string.Compare(a.Email, b.Email, StringComparison.OrdinalIgnoreCase),
            "id" => (a, b) => string.CompareOrdinal(a.Uuid.ToString(), b.Uuid.ToString()),
            "meta.lastModified" => (a, b) => a.LastModified.CompareTo(b.LastModified) is var c && c != 0 ? c : a.Ordinal.CompareTo(b.Ordinal),
            _ => null,
        };
        if (order is not null)
        {
            matches.Sort(descending ? (a, b) => order(b, a) : order);
        }
        else if (descending)
        {
            matches.Reverse();
        }

        var first = startIndex - 1;
        var take = Math.Max(0, Math.Min(count, matches.Count - first));
        var location = UsersLocation(context, org);
        var writer = Respond.StartJson(context);
        writer.WriteStartObject();
        writer.WriteStartArray("schemas");
        writer.WriteStringValue("urn:ietf:params:scim:api:messages:2.0:ListResponse");
        writer.WriteEndArray();
        writer.WriteNumber("totalResults", matches.Count);
        writer.WriteNumber("itemsPerPage", take);
        writer.WriteNumber("startIndex", startIndex);
        writer.WriteStartArray("Resources");
        for (var i = first; i < first + take; i++)
        {
            var person = matches[i];
            projection.Write(writer, u => WriteUser(u, person, org, location));
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        return Respond.Finish(context, writer);
    }

    private static void WriteUser(Utf8JsonWriter writer, Person person, OrgData org, string location)
    {
        var id = person.Uuid.ToString();
        writer.WriteStartObject();
        writer.WriteStartArray("schemas");
        writer.WriteStringValue(CoreSchema);
        writer.WriteStringValue(EnterpriseSchema);
        writer.WriteStringValue(CiscoSchema);
        writer.WriteEndArray();
        writer.WriteString("id", id);
        writer.WriteString("userName", person.Email);
        writer.WriteBoolean("active", person.LoginEnabled);
        if (person.RoleIndexes.Count > 0)
        {
            writer.WriteStartArray("roles");
            foreach (var index in person.RoleIndexes)
            {
                var role = org.Roles[index];
                writer.WriteStartObject();
                writer.WriteString("value", role.ScimValue);
                writer.WriteString("type", "cirole");
                writer.WriteString("display", role.Name);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        if (person.FirstName is not null || person.LastName is not null)
        {
            writer.WriteStartObject("name");
            if (person.FirstName is not null)
            {
                writer.WriteString("givenName", person.FirstName);
            }

            if (person.LastName is not null)
            {
                writer.WriteString("familyName", person.LastName);
            }

            writer.WriteEndObject();
        }

        writer.WriteString("displayName", person.DisplayName);
        if (person.NickName is not null)
        {
            writer.WriteString("nickName", person.NickName);
        }

        writer.WriteStartArray("emails");
        writer.WriteStartObject();
        writer.WriteString("value", person.Email);
        writer.WriteString("type", "work");
        writer.WriteBoolean("primary", true);
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteString("userType", "user");
        if (person.PhoneNumbers.Count > 0)
        {
            writer.WriteStartArray("phoneNumbers");
            foreach (var number in person.PhoneNumbers)
            {
                writer.WriteStartObject();
                writer.WriteString("value", number.Value);
                writer.WriteString("type", number.Type);
                writer.WriteBoolean("primary", number.Primary);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        if (person.Title is not null)
        {
            writer.WriteString("title", person.Title);
        }

        if (person.Timezone is not null)
        {
            writer.WriteString("timezone", person.Timezone);
        }

        if (person.Department is not null)
        {
            writer.WriteStartObject(EnterpriseSchema);
            writer.WriteString("department", person.Department);
            writer.WriteEndObject();
        }

        writer.WriteStartObject(CiscoSchema);
        writer.WriteStartArray("accountStatus");
        writer.WriteStringValue(person.InvitePending ? "pending" : person.LoginEnabled ? "active" : "disabled");
        writer.WriteEndArray();
        writer.WriteStartObject("meta");
        writer.WriteString("organizationId", org.OrgUuid.ToString());
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteStartObject("meta");
        writer.WriteString("resourceType", "User");
        writer.WriteString("location", location + id);
        writer.WriteString("version", "W/\"" + person.LastModified.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) + "\"");
        writer.WriteTime("created", person.Created);
        writer.WriteTime("lastModified", person.LastModified);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>SCIM error body (RFC 7644 §3.12); <paramref name="scimType"/> only where the RFC defines one (400s).</summary>
    private static Task ScimError(HttpContext context, int status, string? scimType, string detail) =>
        Respond.Json(context, status, w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("schemas");
            w.WriteStringValue(ErrorSchema);
            w.WriteEndArray();
            w.WriteString("status", status.ToString(CultureInfo.InvariantCulture));
            if (scimType is not null)
            {
                w.WriteString("scimType", scimType);
            }

            w.WriteString("detail", detail);
            w.WriteString("trackingId", Respond.TrackingId(context));
            w.WriteEndObject();
        });
}
