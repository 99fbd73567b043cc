using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using ProfileEngine.WebexSimulator.Json;
using ProfileEngine.WebexSimulator.OAuth;

namespace ProfileEngine.WebexSimulator.Roles;

/// <summary><c>GET /v1/roles</c>: the admin roles of the org, not paged.</summary>
public static class RolesEndpoints
{
    public static void MapRoles(this IEndpointRouteBuilder app, SimulatorState state) =>
        app.MapGet("/v1/roles", context => Access.Deny(context, Scopes.RolesRead) ?? List(context, state));

    private static Task List(HttpContext context, SimulatorState state)
    {
        using var _ = state.Read();
        var writer = Respond.StartJson(context);
        writer.WriteStartObject();
        writer.WriteStartArray("items");
        foreach (var role in state.Data.Roles)
        {
            writer.WriteStartObject();
            writer.WriteString("id", role.Id);
            writer.WriteString("name", role.Name);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        return Respond.Finish(context, writer);
    }
}
