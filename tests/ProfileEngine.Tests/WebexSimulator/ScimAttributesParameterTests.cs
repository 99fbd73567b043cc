using System.Text.Json;
using ProfileEngine.WebexSimulator;

namespace ProfileEngine.Tests.WebexSimulator;

/// <summary>RFC 7644 §3.4.2.5 <c>attributes</c> and <c>excludedAttributes</c>; <c>id</c> and <c>schemas</c> are always returned.</summary>
public sealed class ScimAttributesParameterTests
{
    private const string Enterprise = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    private const string Cisco = "urn:scim:schemas:extension:cisco:webexidentity:2.0:User";

    [Fact]
    public async Task Attributes_returns_only_the_named_ones_plus_id_and_schemas()
    {
        await using var h = await SimulatorHarness.StartAsync(new SimulatorOptions { Users = 60 });

        var users = await UsersAsync(h, "attributes=userName,name.givenName,emails.value");

        Assert.NotEmpty(users);
        foreach (var user in users)
        {
            Assert.Subset(new HashSet<string> { "id", "schemas", "userName", "name", "emails" }, Names(user));
            Assert.Contains("userName", Names(user));
            Assert.Equal(["value"], user.GetProperty("emails")[0].EnumerateObject().Select(p => p.Name));
            if (user.TryGetProperty("name", out var name))
            {
                Assert.Equal(["givenName"], name.EnumerateObject().Select(p => p.Name));
            }
        }
    }

    [Fact]
    public async Task Attributes_takes_schema_qualified_names_and_whole_extensions()
    {
        await using var h = await SimulatorHarness.StartAsync(new SimulatorOptions { Users = 60 });

        var users = await UsersAsync(h, $"attributes={Uri.EscapeDataString(Enterprise + ":department," + Cisco + ",urn:ietf:params:scim:schemas:core:2.0:User:displayName")}");

        Assert.All(users, u => Assert.Subset(new HashSet<string> { "id", "schemas", "displayName", Enterprise, Cisco }, Names(u)));
        Assert.All(users, u => Assert.Contains(Cisco, Names(u)));
        Assert.All(users, u => Assert.True(u.GetProperty(Cisco).TryGetProperty("accountStatus", out _)));
        Assert.Contains(users, u => u.TryGetProperty(Enterprise, out var e) && e.TryGetProperty("department", out _));
    }

    [Fact]
    public async Task Excluded_attributes_removes_the_named_ones_but_never_id_or_schemas()
    {
        await using var h = await SimulatorHarness.StartAsync(new SimulatorOptions { Users = 60 });
        var full = await UsersAsync(h, "");

        var users = await UsersAsync(h, "excludedAttributes=nickName,userType,meta.version,emails.primary,id,schemas");

        Assert.Equal(full.Count, users.Count);
        for (var i = 0; i < users.Count; i++)
        {
            var expected = Names(full[i]).Except(["nickName", "userType"]).ToHashSet();
            Assert.Equal(expected, Names(users[i]));
            Assert.False(users[i].GetProperty("meta").TryGetProperty("version", out _));
            Assert.True(users[i].GetProperty("meta").TryGetProperty("lastModified", out _));
            Assert.False(users[i].GetProperty("emails")[0].TryGetProperty("primary", out _));
            Assert.Equal(full[i].GetProperty("id").GetString(), users[i].GetProperty("id").GetString());
        }
    }

    [Fact]
    public async Task A_user_by_id_honours_attributes_too()
    {
        await using var h = await SimulatorHarness.StartAsync(new SimulatorOptions { Users = 20 });
        var id = h.Sim.State.Data.People[0].Uuid;

        var user = await h.GetJsonAsync($"identity/scim/{h.Sim.Org.OrgUuid}/v2/Users/{id}?attributes=phoneNumbers", h.Token("identity:people_read"));

        Assert.Subset(new HashSet<string> { "id", "schemas", "phoneNumbers" }, Names(user));
        Assert.Equal(id.ToString(), user.GetProperty("id").GetString());
    }

    private static HashSet<string> Names(JsonElement user) => [.. user.EnumerateObject().Select(p => p.Name)];

    private static async Task<List<JsonElement>> UsersAsync(SimulatorHarness h, string query)
    {
        var body = await h.GetJsonAsync($"identity/scim/{h.Sim.Org.OrgUuid}/v2/Users?count=100&{query}", h.Token("identity:people_read"));
        return [.. body.GetProperty("Resources").EnumerateArray()];
    }
}
