using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using ProfileEngine.WebexSimulator.Json;
using ProfileEngine.WebexSimulator.OAuth;
using ProfileEngine.WebexSimulator.Org;

namespace ProfileEngine.WebexSimulator.Organizations;

/// <summary><c>GET /v1/organizations</c>: the token's one org, not paged; <c>GET /v1/organizations/{orgId}</c>: that org by id.</summary>
public static class OrganizationsEndpoints
{
    public static void MapOrganizations(this IEndpointRouteBuilder app, SimulatorState state)
    {
        app.MapGet("/v1/organizations", context => Access.Deny(context, Scopes.OrganizationsRead) ?? List(context, state));
        app.MapGet("/v1/organizations/{orgId}", context => Access.Deny(context, Scopes.OrganizationsRead) ?? Get(context, state));
    }

    private static Task List(HttpContext context, SimulatorState state)
    {
        using var _ = state.Read();
        var org = state.Data;
        var writer = Respond.StartJson(context);
        writer.WriteStartObject();
        writer.WriteStartArray("items");
        Write(writer, org);
        writer.WriteEndArray();
        writer.WriteEndObject();
        return Respond.Finish(context, writer);
    }

    private static Task Get(HttpContext context, SimulatorState state)
    {
        var orgId = context.Request.RouteValues["orgId"] as string;
        using var _ = state.Read();
        var org = state.Data;
        return orgId == org.OrgId
            ? Respond.Json(context, StatusCodes.Status200OK, w => Write(w, org))
            : Respond.Error(context, StatusCodes.Status404NotFound, $"Organization {orgId} not found.");
    }

    private static void Write(Utf8JsonWriter writer, OrgData org)
    {
        writer.WriteStartObject();
        writer.WriteString("id", org.OrgId);
        writer.WriteString("displayName", org.Name);
        writer.WriteTime("created", org.Created);
        writer.WriteEndObject();
    }
}
