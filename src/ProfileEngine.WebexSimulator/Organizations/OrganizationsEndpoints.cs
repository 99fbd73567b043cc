using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using ProfileEngine.WebexSimulator.Json;
using ProfileEngine.WebexSimulator.OAuth;

namespace ProfileEngine.WebexSimulator.Organizations;

/// <summary><c>GET /v1/organizations</c>: the token's one org, not paged.</summary>
public static class OrganizationsEndpoints
{
    public static void MapOrganizations(this IEndpointRouteBuilder app, SimulatorState state) =>
        app.MapGet("/v1/organizations", context => Access.Deny(context, Scopes.OrganizationsRead) ?? List(context, state));

    private static Task List(HttpContext context, SimulatorState state)
    {
        using var _ = state.Read();
        var org = state.Data;
        var writer = Respond.StartJson(context);
        writer.WriteStartObject();
        writer.WriteStartArray("items");
        writer.WriteStartObject();
        writer.WriteString("id", org.OrgId);
        writer.WriteString("displayName", org.Name);
        writer.WriteTime("created", org.Created);
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteEndObject();
        return Respond.Finish(context, writer);
    }
}
