using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ProfileEngine.WebexSimulator.ScimApp;

/// <summary>
/// What the app supports (RFC 7644 §4): <c>ServiceProviderConfig</c> (PATCH, filter and ETags yes; bulk, sort and
/// password change no), <c>ResourceTypes</c> (User with its two extensions, Group) and <c>Schemas</c> (the attributes this app has).
/// </summary>
public static class DiscoveryEndpoints
{
    public static void MapScimAppDiscovery(this IEndpointRouteBuilder app, ScimAppState state)
    {
        app.MapGet("/scim/v2/ServiceProviderConfig", context =>
            ScimResponses.Json(context, StatusCodes.Status200OK, ServiceProviderConfig(state.Options, ScimResourceJson.BaseUrl(context.Request))));
        app.MapGet("/scim/v2/ResourceTypes", context =>
            ScimResponses.Json(context, StatusCodes.Status200OK, List(ResourceTypes(state.Options, ScimResourceJson.BaseUrl(context.Request)))));
        app.MapGet("/scim/v2/ResourceTypes/{name}", context => ScimResponses.Guard(context, () =>
            ScimResponses.Json(context, StatusCodes.Status200OK, Single(ResourceTypes(state.Options, ScimResourceJson.BaseUrl(context.Request)), "ResourceType", context))));
        app.MapGet("/scim/v2/Schemas", context =>
            ScimResponses.Json(context, StatusCodes.Status200OK, List(Schemas(state.Options, ScimResourceJson.BaseUrl(context.Request)))));
        app.MapGet("/scim/v2/Schemas/{name}", context => ScimResponses.Guard(context, () =>
            ScimResponses.Json(context, StatusCodes.Status200OK, Single(Schemas(state.Options, ScimResourceJson.BaseUrl(context.Request)), "Schema", context))));
    }

    private static JsonObject List(List<JsonObject> resources) => ScimResponses.ListResponse(resources.Count, 1, resources);

    private static JsonObject Single(List<JsonObject> resources, string kind, HttpContext context)
    {
        var name = context.Request.RouteValues["name"] as string ?? "";
        return resources.FirstOrDefault(r => string.Equals((string?)r["id"], name, StringComparison.OrdinalIgnoreCase))
            ?? throw ScimException.NotFound(kind, name);
    }

    private static JsonObject ServiceProviderConfig(ScimAppOptions options, string baseUrl) => new()
    {
        ["schemas"] = new JsonArray(ScimSchemas.ServiceProviderConfig),
        ["patch"] = new JsonObject { ["supported"] = true },
        ["bulk"] = new JsonObject { ["supported"] = false, ["maxOperations"] = 0, ["maxPayloadSize"] = 0 },
        ["filter"] = new JsonObject { ["supported"] = true, ["maxResults"] = options.MaxPageSize },
        ["changePassword"] = new JsonObject { ["supported"] = false },
        ["sort"] = new JsonObject { ["supported"] = false },
        ["etag"] = new JsonObject { ["supported"] = true },
        ["authenticationSchemes"] = new JsonArray(
            new JsonObject
            {
                ["type"] = "oauthbearertoken",
                ["name"] = "OAuth Bearer Token",
                ["description"] = "A static API token, or an access token from POST /oauth/token (client credentials).",
                ["primary"] = true,
            }),
        ["meta"] = new JsonObject { ["resourceType"] = "ServiceProviderConfig", ["location"] = baseUrl + "ServiceProviderConfig" },
    };

    private static List<JsonObject> ResourceTypes(ScimAppOptions options, string baseUrl) =>
    [
        new JsonObject
        {
            ["schemas"] = new JsonArray(ScimSchemas.ResourceType),
            ["id"] = "User",
            ["name"] = "User",
            ["endpoint"] = "/Users",
            ["description"] = "User Account",
            ["schema"] = ScimSchemas.User,
            ["schemaExtensions"] = new JsonArray(
                new JsonObject { ["schema"] = ScimSchemas.EnterpriseUser, ["required"] = false },
                new JsonObject { ["schema"] = options.ActivitySchema, ["required"] = false }),
            ["meta"] = new JsonObject { ["resourceType"] = "ResourceType", ["location"] = baseUrl + "ResourceTypes/User" },
        },
        new JsonObject
        {
            ["schemas"] = new JsonArray(ScimSchemas.ResourceType),
            ["id"] = "Group",
            ["name"] = "Group",
            ["endpoint"] = "/Groups",
            ["description"] = "Group",
            ["schema"] = ScimSchemas.Group,
            ["meta"] = new JsonObject { ["resourceType"] = "ResourceType", ["location"] = baseUrl + "ResourceTypes/Group" },
        },
    ];

    private static List<JsonObject> Schemas(ScimAppOptions options, string baseUrl) =>
    [
        Schema(ScimSchemas.User, "User", baseUrl,
            Attribute("userName", "string", uniqueness: "server", required: true),
            Complex("name", multiValued: false, Attribute("givenName", "string"), Attribute("familyName", "string"), Attribute("formatted", "string")),
            Attribute("displayName", "string"),
            Complex("emails", multiValued: true, Attribute("value", "string"), Attribute("type", "string"), Attribute("primary", "boolean")),
            Attribute("active", "boolean"),
            Complex("entitlements", multiValued: true, Attribute("value", "string"), Attribute("display", "string")),
            Complex("roles", multiValued: true, Attribute("value", "string")),
            Complex("groups", multiValued: true, Attribute("value", "string", mutability: "readOnly"),
                Attribute("$ref", "reference", mutability: "readOnly"), Attribute("display", "string", mutability: "readOnly"))
                .Also("mutability", "readOnly")),
        Schema(ScimSchemas.EnterpriseUser, "EnterpriseUser", baseUrl, Attribute("employeeNumber", "string"), Attribute("department", "string")),
        Schema(options.ActivitySchema, "ActivityUser", baseUrl, Attribute(options.LastLoginAttribute, "dateTime", mutability: "readOnly")),
        Schema(ScimSchemas.Group, "Group", baseUrl,
            Attribute("displayName", "string", required: true),
            Complex("members", multiValued: true, Attribute("value", "string"), Attribute("$ref", "reference"), Attribute("display", "string"))),
    ];

    private static JsonObject Schema(string id, string name, string baseUrl, params JsonObject[] attributes) => new()
    {
        ["schemas"] = new JsonArray(ScimSchemas.Schema),
        ["id"] = id,
        ["name"] = name,
        ["attributes"] = new JsonArray([.. attributes]),
        ["meta"] = new JsonObject { ["resourceType"] = "Schema", ["location"] = baseUrl + "Schemas/" + id },
    };

    private static JsonObject Attribute(string name, string type, string mutability = "readWrite", string uniqueness = "none", bool required = false) => new()
    {
        ["name"] = name,
        ["type"] = type,
        ["multiValued"] = false,
        ["required"] = required,
        ["caseExact"] = false,
        ["mutability"] = mutability,
        ["returned"] = "default",
        ["uniqueness"] = uniqueness,
    };

    private static JsonObject Complex(string name, bool multiValued, params JsonObject[] subAttributes)
    {
        var attribute = Attribute(name, "complex");
        attribute["multiValued"] = multiValued;
        attribute["subAttributes"] = new JsonArray([.. subAttributes]);
        return attribute;
    }

    private static JsonObject Also(this JsonObject json, string name, string value)
    {
        json[name] = value;
        return json;
    }
}
