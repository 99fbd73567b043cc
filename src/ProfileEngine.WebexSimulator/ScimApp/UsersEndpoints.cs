using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ProfileEngine.WebexSimulator.ScimApp;

/// <summary><c>GET /scim/v2/Users</c> (filtered, paged in creation order), <c>GET /scim/v2/Users/{id}</c> and <c>PATCH /scim/v2/Users/{id}</c>.</summary>
public static class UsersEndpoints
{
    public static void MapScimAppUsers(this IEndpointRouteBuilder app, ScimAppState state)
    {
        app.MapGet("/scim/v2/Users", context => ScimResponses.Guard(context, () => List(context, state)));
        app.MapGet("/scim/v2/Users/{id}", context => ScimResponses.Guard(context, () => Get(context, state)));
        app.MapMethods("/scim/v2/Users/{id}", ["PATCH"], context => ScimResponses.Guard(context, () => Patch(context, state)));
    }

    private static Task List(HttpContext context, ScimAppState state)
    {
        var query = ScimListQuery.From(context.Request, state.Options);
        var users = state.Users();
        var memberships = Memberships(state.Groups());
        var (total, page) = query.Select(users, u => new ScimUserFilterAttributes(u, memberships.GetValueOrDefault(u.Id, []), state.Options));
        var baseUrl = ScimResourceJson.BaseUrl(context.Request);
        var resources = page.Select(u =>
        {
            var json = ScimResourceJson.User(u, memberships.GetValueOrDefault(u.Id, []), baseUrl, state.Options);
            query.Projection.Apply(json);
            return (JsonNode)json;
        }).ToList();
        return ScimResponses.Json(context, StatusCodes.Status200OK, ScimResponses.ListResponse(total, query.StartIndex, resources));
    }

    private static Task Get(HttpContext context, ScimAppState state)
    {
        var user = state.GetUser(Id(context));
        return Write(context, state, user, StatusCodes.Status200OK);
    }

    private static async Task Patch(HttpContext context, ScimAppState state)
    {
        var id = Id(context);
        state.GetUser(id);
        var operations = PatchOperation.ParseBody(await ReadBodyAsync(context));
        var ifMatch = context.Request.Headers.IfMatch.ToString();
        var user = state.UpdateUser(id, u => UserPatch.Apply(u, operations, state.Options), ifMatch.Length > 0 ? ifMatch : null);
        await Write(context, state, user, StatusCodes.Status200OK);
    }

    /// <summary>The body as JSON; not JSON is 400 invalidSyntax.</summary>
    public static async Task<JsonElement> ReadBodyAsync(HttpContext context)
    {
        try
        {
            using var document = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
            return document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw ScimException.BadRequest("invalidSyntax", "The body is not valid JSON: " + e.Message);
        }
    }

    private static Task Write(HttpContext context, ScimAppState state, ScimUser user, int status)
    {
        var json = ScimResourceJson.User(user, state.GroupsOf(user.Id), ScimResourceJson.BaseUrl(context.Request), state.Options);
        ScimListQuery.ProjectionFor(context.Request, state.Options).Apply(json);
        return ScimResponses.Json(context, status, json, user.ETag);
    }

    private static string Id(HttpContext context) => context.Request.RouteValues["id"] as string ?? "";

    private static Dictionary<string, List<ScimGroup>> Memberships(IReadOnlyList<ScimGroup> groups)
    {
        var byUser = new Dictionary<string, List<ScimGroup>>(StringComparer.Ordinal);
        foreach (var group in groups)
        {
            foreach (var member in group.MemberIds)
            {
                if (!byUser.TryGetValue(member, out var list))
                {
                    byUser[member] = list = [];
                }

                list.Add(group);
            }
        }

        return byUser;
    }
}
