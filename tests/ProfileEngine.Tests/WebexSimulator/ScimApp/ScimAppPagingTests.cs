using System.Text.Json;
using ProfileEngine.WebexSimulator.ScimApp;

namespace ProfileEngine.Tests.WebexSimulator.ScimApp;

public sealed class ScimAppPagingTests
{
    [Fact]
    public async Task Pages_of_users_cover_everyone_once_in_a_stable_order()
    {
        await using var h = await ScimAppHarness.StartAsync(users: 250);
        var seen = new List<string>();
        var startIndex = 1;
        while (true)
        {
            var page = await h.GetJsonAsync($"Users?startIndex={startIndex}&count=30");
            Assert.Equal("urn:ietf:params:scim:api:messages:2.0:ListResponse", page.GetProperty("schemas")[0].GetString());
            Assert.Equal(250, page.GetProperty("totalResults").GetInt32());
            Assert.Equal(startIndex, page.GetProperty("startIndex").GetInt32());
            var ids = page.GetProperty("Resources").EnumerateArray().Select(r => r.GetProperty("id").GetString()!).ToList();
            Assert.Equal(ids.Count, page.GetProperty("itemsPerPage").GetInt32());
            if (ids.Count == 0)
            {
                break;
            }

            seen.AddRange(ids);
            startIndex += ids.Count;
        }

        Assert.Equal(h.State.Users().Select(u => u.Id), seen);
        Assert.Equal(250, seen.Distinct().Count());
    }

    [Fact]
    public async Task A_count_above_the_maximum_is_capped_and_the_default_is_100()
    {
        await using var h = await ScimAppHarness.StartAsync(users: 250);
        var capped = await h.GetJsonAsync("Users?count=5000");
        Assert.Equal(200, capped.GetProperty("itemsPerPage").GetInt32());
        Assert.Equal(200, capped.GetProperty("Resources").GetArrayLength());
        Assert.Equal(250, capped.GetProperty("totalResults").GetInt32());

        var byDefault = await h.GetJsonAsync("Users");
        Assert.Equal(100, byDefault.GetProperty("Resources").GetArrayLength());

        var pastTheEnd = await h.GetJsonAsync("Users?startIndex=251");
        Assert.Equal(0, pastTheEnd.GetProperty("Resources").GetArrayLength());
        Assert.Equal(250, pastTheEnd.GetProperty("totalResults").GetInt32());
    }

    [Fact]
    public async Task A_user_has_the_core_enterprise_and_activity_attributes()
    {
        await using var h = await ScimAppHarness.StartAsync();
        var expected = h.State.Users().First(u => u.LastLogin is not null && u.Entitlements.Count > 0);
        var user = await h.GetJsonAsync("Users/" + expected.Id);

        Assert.Equal(expected.UserName, user.GetProperty("userName").GetString());
        Assert.Equal(expected.GivenName, user.GetProperty("name").GetProperty("givenName").GetString());
        Assert.Equal(expected.FamilyName, user.GetProperty("name").GetProperty("familyName").GetString());
        Assert.Equal(expected.DisplayName, user.GetProperty("displayName").GetString());
        var email = user.GetProperty("emails")[0];
        Assert.Equal((expected.Email, true, "work"), (email.GetProperty("value").GetString(), email.GetProperty("primary").GetBoolean(), email.GetProperty("type").GetString()));
        Assert.Equal(expected.Active, user.GetProperty("active").GetBoolean());
        Assert.Equal(expected.Entitlements.Select(e => e.Value), user.GetProperty("entitlements").EnumerateArray().Select(e => e.GetProperty("value").GetString()));
        Assert.Equal("user", user.GetProperty("roles")[0].GetProperty("value").GetString());
        var group = Assert.Single(user.GetProperty("groups").EnumerateArray(), g => g.GetProperty("display").GetString() == expected.Department);
        Assert.EndsWith("/scim/v2/Groups/" + group.GetProperty("value").GetString(), group.GetProperty("$ref").GetString(), StringComparison.Ordinal);

        var enterprise = user.GetProperty(ScimSchemas.EnterpriseUser);
        Assert.Equal(expected.EmployeeNumber, enterprise.GetProperty("employeeNumber").GetString());
        Assert.Equal(expected.Department, enterprise.GetProperty("department").GetString());
        var lastLogin = user.GetProperty(ScimSchemas.Activity).GetProperty("lastLogin").GetDateTimeOffset();
        Assert.Equal(expected.LastLogin, lastLogin);
        Assert.Contains(ScimSchemas.Activity, user.GetProperty("schemas").EnumerateArray().Select(s => s.GetString()));

        var meta = user.GetProperty("meta");
        Assert.Equal("User", meta.GetProperty("resourceType").GetString());
        Assert.Equal(h.Sim.ScimBaseUrl + "Users/" + expected.Id, meta.GetProperty("location").GetString());
        Assert.Equal("W/\"1\"", meta.GetProperty("version").GetString());
        Assert.Equal(expected.LastModified, meta.GetProperty("lastModified").GetDateTimeOffset());
        Assert.Equal(expected.Created, meta.GetProperty("created").GetDateTimeOffset());
    }

    [Fact]
    public async Task The_generated_app_has_inactive_users_users_without_entitlements_and_users_who_never_signed_in()
    {
        await using var h = await ScimAppHarness.StartAsync(users: 200);
        var users = h.State.Users();
        Assert.Contains(users, u => !u.Active);
        Assert.Contains(users, u => u.Entitlements.Count == 0);
        Assert.Contains(users, u => u.LastLogin is null);
        Assert.Contains(users, u => u.HasEntitlement("pro"));
        Assert.Contains(users, u => u.HasEntitlement("enterprise"));
        Assert.Contains(users, u => u.HasEntitlement("viewer"));

        var neverSignedIn = users.First(u => u.LastLogin is null);
        var json = await h.GetJsonAsync("Users/" + neverSignedIn.Id);
        Assert.False(json.GetProperty(ScimSchemas.Activity).TryGetProperty("lastLogin", out _));

        await using var again = await ScimAppHarness.StartAsync(users: 200);
        Assert.Equal(users, again.State.Users(), (a, b) => a.Id == b.Id && a.UserName == b.UserName && a.LastLogin == b.LastLogin);
    }

    [Fact]
    public async Task Attributes_and_excludedAttributes_project_the_resources()
    {
        await using var h = await ScimAppHarness.StartAsync();
        var only = await h.GetJsonAsync("Users?count=3&attributes=userName,urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department");
        var first = only.GetProperty("Resources")[0];
        Assert.Equal(["schemas", "id", "userName", ScimSchemas.EnterpriseUser], first.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["department"], first.GetProperty(ScimSchemas.EnterpriseUser).EnumerateObject().Select(p => p.Name));

        var without = await h.GetJsonAsync("Users?count=3&excludedAttributes=groups,emails");
        Assert.All(without.GetProperty("Resources").EnumerateArray(), r =>
        {
            Assert.False(r.TryGetProperty("groups", out _));
            Assert.False(r.TryGetProperty("emails", out _));
            Assert.True(r.TryGetProperty("userName", out _));
        });
    }

    [Fact]
    public async Task Discovery_endpoints_describe_the_app()
    {
        await using var h = await ScimAppHarness.StartAsync();
        var config = await h.GetJsonAsync("ServiceProviderConfig");
        Assert.True(config.GetProperty("patch").GetProperty("supported").GetBoolean());
        Assert.True(config.GetProperty("filter").GetProperty("supported").GetBoolean());
        Assert.Equal(200, config.GetProperty("filter").GetProperty("maxResults").GetInt32());
        Assert.False(config.GetProperty("sort").GetProperty("supported").GetBoolean());
        Assert.Equal("oauthbearertoken", config.GetProperty("authenticationSchemes")[0].GetProperty("type").GetString());

        var types = await h.GetJsonAsync("ResourceTypes");
        var user = types.GetProperty("Resources").EnumerateArray().Single(t => t.GetProperty("id").GetString() == "User");
        Assert.Equal("/Users", user.GetProperty("endpoint").GetString());
        Assert.Contains(ScimSchemas.Activity, user.GetProperty("schemaExtensions").EnumerateArray().Select(e => e.GetProperty("schema").GetString()));

        var schemas = await h.GetJsonAsync("Schemas");
        Assert.Equal(
            [ScimSchemas.User, ScimSchemas.EnterpriseUser, ScimSchemas.Activity, ScimSchemas.Group],
            schemas.GetProperty("Resources").EnumerateArray().Select(s => s.GetProperty("id").GetString()));
        var activity = await h.GetJsonAsync("Schemas/" + ScimSchemas.Activity);
        Assert.Equal("lastLogin", activity.GetProperty("attributes")[0].GetProperty("name").GetString());
    }

    internal static List<string> Ids(JsonElement list) =>
        [.. list.GetProperty("Resources").EnumerateArray().Select(r => r.GetProperty("id").GetString()!)];
}
