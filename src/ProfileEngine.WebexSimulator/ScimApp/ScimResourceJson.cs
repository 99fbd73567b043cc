using System.Globalization;
using System.Text.Json.Nodes;
using ProfileEngine.WebexSimulator.Json;

namespace ProfileEngine.WebexSimulator.ScimApp;

/// <summary>Users and groups in their RFC 7643 JSON shape. <paramref name="baseUrl"/> is the <c>…/scim/v2/</c> root.</summary>
public static class ScimResourceJson
{
    public static JsonObject User(ScimUser user, IEnumerable<ScimGroup> groups, string baseUrl, ScimAppOptions options)
    {
        var json = new JsonObject
        {
            ["schemas"] = new JsonArray(ScimSchemas.User, ScimSchemas.EnterpriseUser, options.ActivitySchema),
            ["id"] = user.Id,
            ["userName"] = user.UserName,
        };
        if (user.GivenName is not null || user.FamilyName is not null)
        {
            var name = new JsonObject { ["formatted"] = $"{user.GivenName} {user.FamilyName}".Trim() };
            if (user.GivenName is not null)
            {
                name["givenName"] = user.GivenName;
            }

            if (user.FamilyName is not null)
            {
                name["familyName"] = user.FamilyName;
            }

            json["name"] = name;
        }

        json["displayName"] = user.DisplayName;
        json["emails"] = new JsonArray(new JsonObject { ["value"] = user.Email, ["type"] = "work", ["primary"] = true });
        json["active"] = user.Active;
        if (user.Entitlements.Count > 0)
        {
            json["entitlements"] = new JsonArray([.. user.Entitlements.Select(Entitlement)]);
        }

        if (user.Roles.Count > 0)
        {
            json["roles"] = new JsonArray([.. user.Roles.Select(r => (JsonNode)new JsonObject { ["value"] = r })]);
        }

        var memberOf = groups.Select(g => (JsonNode)new JsonObject
        {
            ["value"] = g.Id,
            ["$ref"] = baseUrl + "Groups/" + g.Id,
            ["display"] = g.DisplayName,
            ["type"] = "direct",
        }).ToArray();
        if (memberOf.Length > 0)
        {
            json["groups"] = new JsonArray(memberOf);
        }

        var enterprise = new JsonObject();
        if (user.EmployeeNumber is not null)
        {
            enterprise["employeeNumber"] = user.EmployeeNumber;
        }

        if (user.Department is not null)
        {
            enterprise["department"] = user.Department;
        }

        json[ScimSchemas.EnterpriseUser] = enterprise;

        var activity = new JsonObject();
        if (user.LastLogin is { } lastLogin)
        {
            activity[options.LastLoginAttribute] = Time(lastLogin);
        }

        json[options.ActivitySchema] = activity;
        json["meta"] = Meta("User", user.Created, user.LastModified, baseUrl + "Users/" + user.Id, user.ETag);
        return json;
    }

    public static JsonObject Group(ScimGroup group, IReadOnlyDictionary<string, ScimUser> usersById, string baseUrl) => new()
    {
        ["schemas"] = new JsonArray(ScimSchemas.Group),
        ["id"] = group.Id,
        ["displayName"] = group.DisplayName,
        ["members"] = new JsonArray([.. group.MemberIds.Select(id => (JsonNode)new JsonObject
        {
            ["value"] = id,
            ["$ref"] = baseUrl + "Users/" + id,
            ["display"] = usersById.TryGetValue(id, out var user) ? user.DisplayName : null,
            ["type"] = "User",
        })]),
        ["meta"] = Meta("Group", group.Created, group.LastModified, baseUrl + "Groups/" + group.Id, group.ETag),
    };

    public static string Time(DateTimeOffset time) => WebexTime.ToText(time);

    private static JsonObject Entitlement(ScimEntitlement entitlement)
    {
        var json = new JsonObject { ["value"] = entitlement.Value };
        if (entitlement.Display is not null)
        {
            json["display"] = entitlement.Display;
        }

        return json;
    }

    private static JsonObject Meta(string resourceType, DateTimeOffset created, DateTimeOffset lastModified, string location, string etag) => new()
    {
        ["resourceType"] = resourceType,
        ["created"] = Time(created),
        ["lastModified"] = Time(lastModified),
        ["location"] = location,
        ["version"] = etag,
    };

    /// <summary>The <c>…/scim/v2/</c> root as the client addressed it.</summary>
    public static string BaseUrl(Microsoft.AspNetCore.Http.HttpRequest request) =>
        string.Create(CultureInfo.InvariantCulture, $"{request.Scheme}://{request.Host}/scim/v2/");
}
