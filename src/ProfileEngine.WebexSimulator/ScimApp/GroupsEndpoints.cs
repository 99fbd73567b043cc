using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ProfileEngine.WebexSimulator.ScimApp;

/// <summary><c>GET /scim/v2/Groups</c>, <c>GET /scim/v2/Groups/{id}</c> and <c>PATCH /scim/v2/Groups/{id}</c> (members and displayName).</summary>
public static class GroupsEndpoints
{
    public static void MapScimAppGroups(this IEndpointRouteBuilder app, ScimAppState state)
    {
        app.MapGet("/scim/v2/Groups", context => ScimResponses.Guard(context, () => List(context, state)));
        app.MapGet("/scim/v2/Groups/{id}", context => ScimResponses.Guard(context, () => Get(context, state)));
        app.MapMethods("/scim/v2/Groups/{id}", ["PATCH"], context => ScimResponses.Guard(context, () => Patch(context, state)));
    }

    private static Task List(HttpContext context, ScimAppState state)
    {
        var query = ScimListQuery.From(context.Request, state.Options);
        var (total, page) = query.Select(state.Groups(), g => new ScimGroupFilterAttributes(g));
        var users = UsersById(state);
        var baseUrl = ScimResourceJson.BaseUrl(context.Request);
        var resources = page.Select(g =>
        {
            var json = ScimResourceJson.Group(g, users, baseUrl);
            query.Projection.Apply(json);
            return (JsonNode)json;
        }).ToList();
        return ScimResponses.Json(context, StatusCodes.Status200OK, ScimResponses.ListResponse(total, query.StartIndex, resources));
    }

    private static Task Get(HttpContext context, ScimAppState state) => Write(context, state, state.GetGroup(Id(context)));

    private static async Task Patch(HttpContext context, ScimAppState state)
    {
        var id = Id(context);
        state.GetGroup(id);
        var operations = PatchOperation.ParseBody(await UsersEndpoints.ReadBodyAsync(context));
        var ifMatch = context.Request.Headers.IfMatch.ToString();
        var group = state.UpdateGroup(id, g => GroupPatch.Apply(g, operations), ifMatch.Length > 0 ? ifMatch : null);
        await Write(context, state, group);
    }

    private static Task Write(HttpContext context, ScimAppState state, ScimGroup group)
    {
        var json = ScimResourceJson.Group(group, UsersById(state), ScimResourceJson.BaseUrl(context.Request));
        ScimListQuery.ProjectionFor(context.Request, state.Options).Apply(json);
        return ScimResponses.Json(context, StatusCodes.Status200OK, json, group.ETag);
    }

    private static Dictionary<string, ScimUser> UsersById(ScimAppState state) => state.Users().ToDictionary(u => u.Id, StringComparer.Ordinal);

    private static string Id(HttpContext context) => context.Request.RouteValues["id"] as string ?? "";
}
