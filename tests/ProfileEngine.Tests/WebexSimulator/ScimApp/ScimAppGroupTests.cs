namespace ProfileEngine.Tests.WebexSimulator.ScimApp;

public sealed class ScimAppGroupTests
{
    [Fact]
    public async Task Removing_a_member_from_a_group_removes_the_group_from_the_users_groups()
    {
        await using var h = await ScimAppHarness.StartAsync();
        var group = h.State.Groups().First(g => g.MemberIds.Count >= 2);
        var leaving = group.MemberIds[0];
        var staying = group.MemberIds[1];
        Assert.Contains(group.Id, await GroupIdsOf(h, leaving));

        using var response = await h.PatchAsync("Groups/" + group.Id, $$"""[{"op":"remove","path":"members[value eq \"{{leaving}}\"]"}]""");
        var body = await ScimAppHarness.ReadJsonAsync(response);
        Assert.Equal(200, (int)response.StatusCode);
        var members = body.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("value").GetString()).ToList();
        Assert.DoesNotContain(leaving, members);
        Assert.Equal(group.MemberIds.Count - 1, members.Count);
        Assert.Equal("W/\"2\"", body.GetProperty("meta").GetProperty("version").GetString());

        Assert.DoesNotContain(group.Id, await GroupIdsOf(h, leaving));
        Assert.Contains(group.Id, await GroupIdsOf(h, staying));
        Assert.DoesNotContain(leaving, await h.SearchIdsAsync($"groups.value eq \"{group.Id}\""));
    }

    [Fact]
    public async Task Adding_a_member_shows_on_the_user_and_an_unknown_user_is_refused()
    {
        await using var h = await ScimAppHarness.StartAsync();
        var group = h.State.Groups()[0];
        var outsider = h.State.Users().First(u => !group.MemberIds.Contains(u.Id));

        using var added = await h.PatchAsync("Groups/" + group.Id, $$"""[{"op":"add","path":"members","value":[{"value":"{{outsider.Id}}"}]}]""");
        Assert.Equal(200, (int)added.StatusCode);
        Assert.Contains(group.Id, await GroupIdsOf(h, outsider.Id));

        using var unknown = await h.PatchAsync("Groups/" + group.Id, """[{"op":"add","path":"members","value":[{"value":"nobody"}]}]""");
        await ScimAppHarness.AssertScimErrorAsync(unknown, 400, "invalidValue");
    }

    [Fact]
    public async Task A_group_lists_its_members()
    {
        await using var h = await ScimAppHarness.StartAsync();
        var group = h.State.Groups()[1];
        var json = await h.GetJsonAsync("Groups/" + group.Id);
        Assert.Equal(group.DisplayName, json.GetProperty("displayName").GetString());
        Assert.Equal(group.MemberIds, json.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("value").GetString()!));
        Assert.Equal("Group", json.GetProperty("meta").GetProperty("resourceType").GetString());

        var all = await h.GetJsonAsync("Groups");
        Assert.Equal(h.State.Groups().Count, all.GetProperty("totalResults").GetInt32());
    }

    private static async Task<List<string>> GroupIdsOf(ScimAppHarness h, string userId)
    {
        var user = await h.GetJsonAsync("Users/" + userId);
        return user.TryGetProperty("groups", out var groups) ? [.. groups.EnumerateArray().Select(g => g.GetProperty("value").GetString()!)] : [];
    }
}
