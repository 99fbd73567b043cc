using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using ProfileEngine.WebexSimulator.Json;
using ProfileEngine.WebexSimulator.OAuth;
using ProfileEngine.WebexSimulator.Org;

namespace ProfileEngine.WebexSimulator.Roles;

/// <summary><c>GET /v1/roles</c>: the admin roles of the org, not paged; <c>GET /v1/roles/{roleId}</c>: one of them.</summary>
public static class RolesEndpoints
{
    public static void MapRoles(this IEndpointRouteBuilder app, SimulatorState state)
    {
        app.MapGet("/v1/roles", context => Access.Deny(context, Scopes.RolesRead) ?? List(context, state));
        app.MapGet("/v1/roles/{roleId}", context => Access.Deny(context, Scopes.RolesRead) ?? Get(context, state));
    }

    private static Task List(HttpContext context, SimulatorState state)
    {
        using var _ = state.Read();
        var writer = Respond.StartJson(context);
        writer.WriteStartObject();
        writer.WriteStartArray("items");
        foreach (var role in state.Data.Roles)
        {
            Write(writer, role);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        return Respond.Finish(context, writer);
    }

    private static Task Get(HttpContext context, SimulatorState state)
    {
        var roleId = context.Request.RouteValues["roleId"] as string;
        using var _ = state.Read();
        var role = state.Data.Roles.FirstOrDefault(r => r.Id == roleId);
        return role is null
            ? Respond.Error(context, StatusCodes.Status404NotFound, $"Role {roleId} not found.")
            : Respond.Json(context, StatusCodes.Status200OK, w => Write(w, role));
    }

    private static void Write(Utf8JsonWriter writer, Role role)
    {
        writer.WriteStartObject();
        writer.WriteString("id", role.Id);
        writer.WriteString("name", role.Name);
        writer.WriteEndObject();
    }
}
