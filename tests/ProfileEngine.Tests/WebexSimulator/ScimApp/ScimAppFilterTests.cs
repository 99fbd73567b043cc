using System.Globalization;
using ProfileEngine.WebexSimulator.ScimApp;

namespace ProfileEngine.Tests.WebexSimulator.ScimApp;

/// <summary>Each filter answer is compared with the same question asked of the state in C#.</summary>
public sealed class ScimAppFilterTests
{
    private static string Text(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    [Fact]
    public async Task Comparison_operators_select_the_right_users()
    {
        await using var h = await ScimAppHarness.StartAsync();
        var users = h.State.Users();
        var someone = users[7];
        var pivot = users.Select(u => u.LastModified).Order().ElementAt(users.Count / 2);

        Assert.Equal([someone.Id], await h.SearchIdsAsync($"userName eq \"{someone.UserName.ToUpperInvariant()}\""));
        Assert.Equal([someone.Id], await h.SearchIdsAsync($"id eq \"{someone.Id}\""));
        var notSomeone = await h.SearchIdsAsync($"id ne \"{someone.Id}\"");
        Assert.Equal(users.Count - 1, notSomeone.Count);
        Assert.Equal(Ids(users, u => u.Id != someone.Id), notSomeone);
        Assert.Equal(Ids(users, u => u.UserName.Contains(".smith", StringComparison.Ordinal)), await h.SearchIdsAsync("userName co \".smith\""));
        Assert.Equal(Ids(users, u => u.UserName.StartsWith("olivia.", StringComparison.Ordinal)), await h.SearchIdsAsync("userName sw \"Olivia.\""));
        Assert.Equal(Ids(users, u => u.LastLogin is not null), await h.SearchIdsAsync(ScimSchemas.Activity + ":lastLogin pr"));
        Assert.Equal(Ids(users, u => u.LastModified > pivot), await h.SearchIdsAsync($"meta.lastModified gt \"{Text(pivot)}\""));
        Assert.Equal(Ids(users, u => u.LastModified >= pivot), await h.SearchIdsAsync($"meta.lastModified ge \"{Text(pivot)}\""));
        Assert.Equal(Ids(users, u => u.LastModified < pivot), await h.SearchIdsAsync($"meta.lastModified lt \"{Text(pivot)}\""));
        Assert.Equal(Ids(users, u => u.LastModified <= pivot), await h.SearchIdsAsync($"meta.lastModified le \"{Text(pivot)}\""));
        Assert.Equal(Ids(users, u => !u.Active), await h.SearchIdsAsync("active eq false"));
        Assert.Equal(Ids(users, u => u.Active), await h.SearchIdsAsync("active eq true"));
    }

    [Fact]
    public async Task Multi_valued_attributes_match_when_any_value_does()
    {
        await using var h = await ScimAppHarness.StartAsync();
        var users = h.State.Users();
        var sales = h.State.Groups().Single(g => g.DisplayName == "Sales");

        var pro = Ids(users, u => u.HasEntitlement("pro"));
        Assert.NotEmpty(pro);
        Assert.Equal(pro, await h.SearchIdsAsync("entitlements.value eq \"pro\""));
        Assert.Equal(pro, await h.SearchIdsAsync("entitlements[value eq \"pro\"]"));
        Assert.Equal(Ids(users, u => u.Entitlements.Count > 0), await h.SearchIdsAsync("entitlements pr"));
        Assert.Equal([users[3].Id], await h.SearchIdsAsync($"emails.value eq \"{users[3].Email}\""));
        Assert.Equal(Ids(users, u => sales.MemberIds.Contains(u.Id)), await h.SearchIdsAsync($"groups.value eq \"{sales.Id}\""));
        Assert.Equal(Ids(users, u => u.Department == "Sales"), await h.SearchIdsAsync("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department eq \"Sales\""));
    }

    [Fact]
    public async Task And_or_and_parentheses_combine_filters()
    {
        await using var h = await ScimAppHarness.StartAsync();
        var users = h.State.Users();

        Assert.Equal(
            Ids(users, u => u.Active && u.HasEntitlement("enterprise")),
            await h.SearchIdsAsync("active eq true and entitlements[value eq \"enterprise\"]"));
        Assert.Equal(
            Ids(users, u => u.HasEntitlement("enterprise") || u.HasEntitlement("viewer")),
            await h.SearchIdsAsync("entitlements.value eq \"enterprise\" or entitlements.value eq \"viewer\""));
        var grouped = Ids(users, u => !u.Active && (u.HasEntitlement("pro") || u.LastLogin is null));
        Assert.NotEmpty(grouped);
        Assert.Equal(grouped, await h.SearchIdsAsync($"active eq false and (entitlements.value eq \"pro\" or not ({ScimSchemas.Activity}:lastLogin pr))"));
        Assert.NotEqual(grouped, await h.SearchIdsAsync($"active eq false and entitlements.value eq \"pro\" or not ({ScimSchemas.Activity}:lastLogin pr)"));
    }

    [Theory]
    [InlineData("userName eq")]
    [InlineData("userName xx \"a\"")]
    [InlineData("(active eq true")]
    [InlineData("userName eq \"unterminated")]
    [InlineData("nickName eq \"x\"")]
    [InlineData("meta.lastModified gt \"yesterday\"")]
    public async Task A_filter_the_app_cannot_read_is_400_invalidFilter(string filter)
    {
        await using var h = await ScimAppHarness.StartAsync(users: 10);
        using var response = await h.SendAsync(HttpMethod.Get, "Users?filter=" + Uri.EscapeDataString(filter));
        await ScimAppHarness.AssertScimErrorAsync(response, 400, "invalidFilter");
    }

    [Fact]
    public async Task Groups_filter_on_display_name_and_members()
    {
        await using var h = await ScimAppHarness.StartAsync();
        var groups = h.State.Groups();
        var admins = groups.Single(g => g.DisplayName == ScimUserGenerator.AdministratorsGroup);
        var member = admins.MemberIds[0];

        var byName = await h.GetJsonAsync("Groups?filter=" + Uri.EscapeDataString("displayName eq \"Administrators\""));
        Assert.Equal([admins.Id], ScimAppPagingTests.Ids(byName));
        var withMember = await h.GetJsonAsync("Groups?filter=" + Uri.EscapeDataString($"members[value eq \"{member}\"]"));
        Assert.Equal(groups.Where(g => g.MemberIds.Contains(member)).Select(g => g.Id), ScimAppPagingTests.Ids(withMember));
        Assert.Equal(2, ScimAppPagingTests.Ids(withMember).Count);
    }

    private static List<string> Ids(IReadOnlyList<ScimUser> users, Func<ScimUser, bool> predicate) => [.. users.Where(predicate).Select(u => u.Id)];
}
