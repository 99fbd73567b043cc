using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using ProfileEngine.WebexSimulator;
using ProfileEngine.WebexSimulator.OAuth;

namespace ProfileEngine.Tests.WebexSimulator;

public sealed class ScimUsersTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Last_modified_filter_and_sort_find_recent_changes()
    {
        var clock = new FakeTimeProvider(Start);
        await using var h = await SimulatorHarness.StartAsync(new SimulatorOptions { Users = 300, Clock = clock });
        var token = h.Token("identity:people_read", "spark-admin:people_read");
        var person = (await h.GetJsonAsync("v1/people?max=20", token)).GetProperty("items")[12];

        clock.Advance(TimeSpan.FromHours(1));
        await h.ControlAsync(HttpMethod.Patch, "_sim/people/" + person.GetProperty("id").GetString(), new { title = "Changed" });
        var uuid = PeopleTests.DecodeId(person.GetProperty("id").GetString()!).Split('/')[^1];

        var filter = Uri.EscapeDataString("meta.lastModified gt \"" + Start.AddMinutes(30).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture) + "\"");
        var changed = await h.GetJsonAsync($"{Users(h)}?filter={filter}", token);
        Assert.Equal(1, changed.GetProperty("totalResults").GetInt32());
        var resource = changed.GetProperty("Resources")[0];
        Assert.Equal(uuid, resource.GetProperty("id").GetString());
        Assert.Equal("Changed", resource.GetProperty("title").GetString());

        var sorted = await h.GetJsonAsync($"{Users(h)}?sortBy=meta.lastModified&sortOrder=descending&count=5", token);
        Assert.Equal(uuid, sorted.GetProperty("Resources")[0].GetProperty("id").GetString());
        var modified = sorted.GetProperty("Resources").EnumerateArray().Select(r => r.GetProperty("meta").GetProperty("lastModified").GetString()).ToList();
        Assert.Equal(modified.OrderDescending(StringComparer.Ordinal), modified);
    }

    [Fact]
    public async Task Start_index_and_count_page_a_list_response()
    {
        await using var h = await SimulatorHarness.StartAsync(new SimulatorOptions { Users = 1300 });
        var token = h.Token("identity:people_rw");
        var page = await h.GetJsonAsync($"{Users(h)}?startIndex=11&count=10&sortBy=userName", token);
        Assert.Equal("urn:ietf:params:scim:api:messages:2.0:ListResponse", page.GetProperty("schemas")[0].GetString());
        Assert.Equal(11, page.GetProperty("startIndex").GetInt32());
        Assert.Equal(10, page.GetProperty("itemsPerPage").GetInt32());
        var total = page.GetProperty("totalResults").GetInt32();
        Assert.InRange(total, 1200, 1300);

        var all = await h.GetJsonAsync($"{Users(h)}?count=5000&sortBy=userName", token);
        Assert.Equal(1000, all.GetProperty("itemsPerPage").GetInt32());
        var names = all.GetProperty("Resources").EnumerateArray().Select(r => r.GetProperty("userName").GetString()!).ToList();
        Assert.Equal(names.Skip(10).Take(10), page.GetProperty("Resources").EnumerateArray().Select(r => r.GetProperty("userName").GetString()));
        Assert.Equal(names.Order(StringComparer.OrdinalIgnoreCase), names);
        Assert.All(all.GetProperty("Resources").EnumerateArray(), r => Assert.Matches("^[0-9a-f-]{36}$", r.GetProperty("id").GetString()!));
    }

    [Fact]
    public async Task Attribute_filters_with_and_or()
    {
        await using var h = await SimulatorHarness.StartAsync(new SimulatorOptions { Users = 300 });
        var token = h.Token("identity:people_read");
        var everyone = (await h.GetJsonAsync($"{Users(h)}?count=1000", token)).GetProperty("Resources").EnumerateArray().ToList();
        var a = everyone[5];
        var b = everyone[9];
        var userName = a.GetProperty("userName").GetString()!;

        var byName = await Search(h, token, $"userName eq \"{userName.ToUpperInvariant()}\"");
        Assert.Equal([userName], byName.Select(r => r.GetProperty("userName").GetString()));

        var either = await Search(h, token, $"emails.value eq \"{userName}\" or id eq \"{b.GetProperty("id").GetString()}\"");
        Assert.Equal(2, either.Count);

        var family = a.GetProperty("name").GetProperty("familyName").GetString()!;
        var both = await Search(h, token, $"name.familyName eq \"{family}\" and userName ew \"{userName[userName.IndexOf('.', StringComparison.Ordinal)..]}\"");
        Assert.Equal([userName], both.Select(r => r.GetProperty("userName").GetString()));

        var prefix = a.GetProperty("displayName").GetString()![..2];
        var startsWith = await Search(h, token, $"displayName sw \"{prefix}\"");
        Assert.Equal(everyone.Count(r => r.GetProperty("displayName").GetString()!.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)), startsWith.Count);

        using var bad = await h.GetAsync($"{Users(h)}?filter={Uri.EscapeDataString("userName xx \"a\"")}", token);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("invalidFilter", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Needs_an_identity_scope()
    {
        await using var h = await SimulatorHarness.StartAsync(new SimulatorOptions { Users = 20 });
        using var denied = await h.GetAsync(Users(h), h.Token("spark-admin:people_read"));
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        Assert.Contains(Access.ForbiddenMessage, await denied.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var allowed = await h.GetAsync(Users(h), h.Token("identity:people_read"));
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
    }

    private static string Users(SimulatorHarness h) => $"identity/scim/{h.Sim.Org.OrgUuid}/v2/Users";

    private static async Task<List<JsonElement>> Search(SimulatorHarness h, string token, string filter) =>
        (await h.GetJsonAsync($"{Users(h)}?count=1000&filter={Uri.EscapeDataString(filter)}", token)).GetProperty("Resources").EnumerateArray().ToList();
}
