using System.Globalization;
using ProfileEngine.WebexSimulator.ScimApp;

namespace ProfileEngine.Tests.WebexSimulator.ScimApp;

public sealed class ScimAppPatchTests
{
    [Fact]
    public async Task Removing_an_entitlement_removes_only_that_value_and_stamps_the_user()
    {
        await using var h = await ScimAppHarness.StartAsync();
        var before = h.State.Users().First(u => u.HasEntitlement("pro") && u.HasEntitlement("viewer"));
        h.Clock.Advance(TimeSpan.FromHours(2));

        using var response = await h.PatchAsync("Users/" + before.Id, """[{"op":"remove","path":"entitlements[value eq \"pro\"]"}]""");
        var body = await ScimAppHarness.ReadJsonAsync(response);
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(["viewer"], body.GetProperty("entitlements").EnumerateArray().Select(e => e.GetProperty("value").GetString()));
        Assert.Equal(ScimAppHarness.Start.AddHours(2), body.GetProperty("meta").GetProperty("lastModified").GetDateTimeOffset());
        Assert.Equal("W/\"2\"", body.GetProperty("meta").GetProperty("version").GetString());
        Assert.Equal("W/\"2\"", response.Headers.ETag?.ToString());

        var after = h.State.GetUser(before.Id);
        Assert.Equal([ScimUserGenerator.Viewer], after.Entitlements);
        Assert.Equal(before with { Entitlements = after.Entitlements, LastModified = after.LastModified, Version = 2 }, after);
    }

    [Fact]
    public async Task An_incremental_read_after_a_patch_sees_only_the_changed_user()
    {
        await using var h = await ScimAppHarness.StartAsync();
        var since = ScimAppHarness.Start.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        Assert.Empty(await h.SearchIdsAsync($"meta.lastModified gt \"{since}\""));

        var user = h.State.Users().First(u => u.Entitlements.Count > 0);
        h.Clock.Advance(TimeSpan.FromMinutes(5));
        using var response = await h.PatchAsync("Users/" + user.Id,
            $$"""[{"op":"remove","path":"entitlements[value eq \"{{user.Entitlements[0].Value}}\"]"}]""");
        Assert.Equal(200, (int)response.StatusCode);

        Assert.Equal([user.Id], await h.SearchIdsAsync($"meta.lastModified gt \"{since}\""));
    }

    [Theory]
    [InlineData("""[{"op":"replace","path":"active","value":false}]""")]
    [InlineData("""[{"op":"Replace","value":{"active":"False"}}]""")]
    public async Task Replacing_active_deactivates_the_user(string operations)
    {
        await using var h = await ScimAppHarness.StartAsync();
        var user = h.State.Users().First(u => u.Active);
        using var response = await h.PatchAsync("Users/" + user.Id, operations);
        var body = await ScimAppHarness.ReadJsonAsync(response);
        Assert.Equal(200, (int)response.StatusCode);
        Assert.False(body.GetProperty("active").GetBoolean());
        Assert.False(h.State.GetUser(user.Id).Active);
        Assert.Contains(user.Id, await h.SearchIdsAsync("active eq false"));
    }

    [Fact]
    public async Task Add_entitlements_and_remove_a_role()
    {
        await using var h = await ScimAppHarness.StartAsync();
        var user = h.State.Users().First(u => u.Entitlements.Count == 0);
        h.State.UpdateUser(user.Id, u => u with { Roles = ["user", "x"] });

        using var response = await h.PatchAsync("Users/" + user.Id, """
            [{"op":"add","path":"entitlements","value":[{"value":"pro","display":"Pro"}]},
             {"op":"remove","path":"roles[value eq \"x\"]"}]
            """);
        Assert.Equal(200, (int)response.StatusCode);
        var after = h.State.GetUser(user.Id);
        Assert.Equal([new ScimEntitlement("pro", "Pro")], after.Entitlements);
        Assert.Equal(["user"], after.Roles);
        Assert.Equal(3, after.Version);
    }

    [Fact]
    public async Task If_match_with_an_old_version_is_412_and_changes_nothing()
    {
        await using var h = await ScimAppHarness.StartAsync();
        var user = h.State.Users().First(u => u.Active);
        using var stale = await h.PatchAsync("Users/" + user.Id, """[{"op":"replace","path":"active","value":false}]""", ifMatch: "W/\"7\"");
        await ScimAppHarness.AssertScimErrorAsync(stale, 412);
        Assert.True(h.State.GetUser(user.Id).Active);

        using var current = await h.PatchAsync("Users/" + user.Id, """[{"op":"replace","path":"active","value":false}]""", ifMatch: "W/\"1\"");
        Assert.Equal(200, (int)current.StatusCode);
        Assert.False(h.State.GetUser(user.Id).Active);
    }

    [Theory]
    [InlineData("""{"Operations":[{"op":"remove","path":"roles"}]}""", "invalidSyntax")]
    [InlineData("""{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"move","path":"roles"}]}""", "invalidSyntax")]
    [InlineData("""{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"remove"}]}""", "noTarget")]
    [InlineData("""{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","path":"shoeSize","value":"9"}]}""", "invalidPath")]
    [InlineData("""{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"remove","path":"entitlements[value eq \"gold\"]"}]}""", "noTarget")]
    [InlineData("""{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","path":"active","value":"maybe"}]}""", "invalidValue")]
    [InlineData("""{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"add","path":"groups","value":[{"value":"g"}]}]}""", "mutability")]
    [InlineData("""not json""", "invalidSyntax")]
    public async Task A_patch_the_app_cannot_apply_is_400_and_changes_nothing(string body, string scimType)
    {
        await using var h = await ScimAppHarness.StartAsync(users: 20);
        var user = h.State.Users().First(u => u.Active);
        using var response = await h.SendAsync(HttpMethod.Patch, "Users/" + user.Id, body);
        await ScimAppHarness.AssertScimErrorAsync(response, 400, scimType);
        Assert.Same(user, h.State.GetUser(user.Id));
    }

    [Fact]
    public async Task A_failing_operation_undoes_the_ones_before_it()
    {
        await using var h = await ScimAppHarness.StartAsync(users: 20);
        var user = h.State.Users().First(u => u.Active);
        using var response = await h.PatchAsync("Users/" + user.Id,
            """[{"op":"replace","path":"active","value":false},{"op":"remove","path":"entitlements[value eq \"gold\"]"}]""");
        await ScimAppHarness.AssertScimErrorAsync(response, 400, "noTarget");
        Assert.Same(user, h.State.GetUser(user.Id));
    }

    [Fact]
    public async Task An_unknown_user_is_404_with_a_scim_error()
    {
        await using var h = await ScimAppHarness.StartAsync(users: 5);
        using var get = await h.SendAsync(HttpMethod.Get, "Users/00000000-0000-0000-0000-000000000000");
        await ScimAppHarness.AssertScimErrorAsync(get, 404);
        using var patch = await h.PatchAsync("Users/00000000-0000-0000-0000-000000000000", """[{"op":"replace","path":"active","value":false}]""");
        await ScimAppHarness.AssertScimErrorAsync(patch, 404);
        using var group = await h.SendAsync(HttpMethod.Get, "Groups/nope");
        await ScimAppHarness.AssertScimErrorAsync(group, 404);
    }
}
