using System.Net;
using System.Text.Json;
using ProfileEngine.WebexSimulator;

namespace ProfileEngine.Tests.WebexSimulator;

public sealed class PeopleTests
{
    private const string Read = "spark-admin:people_read";
    private const string Write = "spark-admin:people_write";

    private static readonly string[] OtherEmail = ["x@example.com"];

    [Fact]
    public async Task Listing_2345_people_at_max_1000_takes_three_pages_with_absolute_links_while_more_remain()
    {
        await using var h = await SimulatorHarness.StartAsync(new SimulatorOptions { Users = 2345 });
        var token = h.Token(Read);

        using var first = await h.GetAsync("v1/people?max=1000&displayName=", token);
        var next = SimulatorHarness.NextLink(first);
        Assert.NotNull(next);
        Assert.StartsWith(h.Sim.BaseUrl + "v1/people?", next, StringComparison.Ordinal);
        Assert.Contains("max=1000", next, StringComparison.Ordinal);
        Assert.Contains("cursor=", next, StringComparison.Ordinal);

        var pages = await h.GetAllPagesAsync("v1/people?max=1000", token);
        Assert.Equal([1000, 1000, 345], pages.Select(p => p.Count));
        var ids = pages.SelectMany(p => p).Select(p => p.GetProperty("id").GetString()).ToList();
        Assert.Equal(2345, ids.Distinct().Count());
    }

    [Fact]
    public async Task An_org_of_exactly_two_pages_has_no_link_on_the_second()
    {
        await using var h = await SimulatorHarness.StartAsync(new SimulatorOptions { Users = 2000 });
        var pages = await h.GetAllPagesAsync("v1/people?max=1000", h.Token(Read));
        Assert.Equal([1000, 1000], pages.Select(p => p.Count));
    }

    [Fact]
    public async Task Max_is_clamped_to_the_endpoint_limit()
    {
        await using var h = await SimulatorHarness.StartAsync(new SimulatorOptions { Users = 1200 });
        var token = h.Token(Read);
        using var big = await h.GetAsync("v1/people?max=5000", token);
        Assert.Equal(1000, (await SimulatorHarness.ReadJsonAsync(big)).GetProperty("items").GetArrayLength());
        Assert.NotNull(SimulatorHarness.NextLink(big));

        var calling = await h.GetJsonAsync("v1/people?max=1000&callingData=true", token);
        Assert.Equal(100, calling.GetProperty("items").GetArrayLength());

        var byDefault = await h.GetJsonAsync("v1/people", token);
        Assert.Equal(100, byDefault.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Person_fields_have_the_real_shapes()
    {
        await using var h = await SimulatorHarness.StartAsync(new SimulatorOptions { Users = 500 });
        var people = (await h.GetJsonAsync("v1/people?max=1000", h.Token(Read))).GetProperty("items").EnumerateArray().ToList();

        foreach (var person in people)
        {
            var uri = DecodeId(person.GetProperty("id").GetString()!);
            Assert.Matches("^ciscospark://us/PEOPLE/[0-9a-f-]{36}$", uri);
            Assert.True(person.GetProperty("invitePending").ValueKind is JsonValueKind.True or JsonValueKind.False);
            Assert.True(person.GetProperty("loginEnabled").ValueKind is JsonValueKind.True or JsonValueKind.False);
            Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", person.GetProperty("created").GetString()!);
            Assert.Equal(h.Sim.Org.OrgId, person.GetProperty("orgId").GetString());
            if (person.TryGetProperty("lastActivity", out var lastActivity))
            {
                Assert.Equal(JsonValueKind.String, lastActivity.ValueKind);
            }
        }

        Assert.Contains(people, p => !p.TryGetProperty("lastActivity", out _));
        Assert.Contains(people, p => p.GetProperty("type").GetString() == "bot");
        Assert.Contains(people, p => p.GetProperty("invitePending").GetBoolean());
        Assert.Contains(people, p => !p.GetProperty("loginEnabled").GetBoolean());
    }

    [Fact]
    public async Task Id_lookups_return_found_people_and_list_the_missing_ones()
    {
        await using var h = await SimulatorHarness.StartAsync(new SimulatorOptions { Users = 200 });
        var token = h.Token(Read);
        var ids = (await h.GetJsonAsync("v1/people?max=100", token)).GetProperty("items").EnumerateArray()
            .Select(p => p.GetProperty("id").GetString()!).ToList();
        var missing = Convert.ToBase64String("ciscospark://us/PEOPLE/00000000-0000-4000-8000-000000000000"u8).TrimEnd('=');

        var lookup = await h.GetJsonAsync($"v1/people?id={ids[3]},{missing},{ids[7]}", token);
        var found = lookup.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal([ids[3], ids[7]], found.Select(p => p.GetProperty("id").GetString()));
        Assert.All(found, p => Assert.False(p.TryGetProperty("lastActivity", out _)));
        Assert.Equal(missing, lookup.GetProperty("notFoundIds")[0].GetString());

        var eightyFive = string.Join(',', ids.Take(85));
        Assert.Equal(85, (await h.GetJsonAsync("v1/people?id=" + eightyFive, token)).GetProperty("items").GetArrayLength());
        using var tooMany = await h.GetAsync("v1/people?id=" + string.Join(',', ids.Take(86)), token);
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
    }

    [Fact]
    public async Task Email_and_display_name_filters_work()
    {
        await using var h = await SimulatorHarness.StartAsync(new SimulatorOptions { Users = 300 });
        var token = h.Token(Read);
        var byEmail = await h.GetJsonAsync("v1/people?email=" + Uri.EscapeDataString(h.Sim.Org.AdminEmail.ToUpperInvariant()), token);
        Assert.Equal(h.Sim.Org.AdminEmail, byEmail.GetProperty("items").EnumerateArray().Single().GetProperty("emails")[0].GetString());

        var all = (await h.GetJsonAsync("v1/people?max=1000", token)).GetProperty("items").EnumerateArray().ToList();
        var prefix = all[10].GetProperty("displayName").GetString()![..3];
        var expected = all.Count(p => p.GetProperty("displayName").GetString()!.StartsWith(prefix, StringComparison.OrdinalIgnoreCase));
        var byName = await h.GetJsonAsync($"v1/people?max=1000&displayName={Uri.EscapeDataString(prefix)}", token);
        Assert.Equal(expected, byName.GetProperty("items").GetArrayLength());
        Assert.All(byName.GetProperty("items").EnumerateArray(), p =>
            Assert.StartsWith(prefix, p.GetProperty("displayName").GetString(), StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Put_replaces_the_person_and_requires_display_name()
    {
        await using var h = await SimulatorHarness.StartAsync(new SimulatorOptions { Users = 50 });
        var token = h.Token(Read, Write);
        var person = (await h.GetJsonAsync("v1/people?max=10", token)).GetProperty("items")[5];
        var id = person.GetProperty("id").GetString()!;

        using var missingName = await h.SendJsonAsync(HttpMethod.Put, $"v1/people/{id}", new { emails = OtherEmail }, token);
        Assert.Equal(HttpStatusCode.BadRequest, missingName.StatusCode);
        Assert.Contains("displayName", await missingName.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var licenses = person.GetProperty("licenses").EnumerateArray().Select(l => l.GetString()).ToArray();
        using var ok = await h.SendJsonAsync(HttpMethod.Put, $"v1/people/{id}", new { displayName = "Renamed Person", licenses }, token);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var after = await h.GetJsonAsync($"v1/people/{id}", token);
        Assert.Equal("Renamed Person", after.GetProperty("displayName").GetString());
        Assert.False(after.TryGetProperty("firstName", out _), "a full replace clears fields left out");
    }

    [Fact]
    public async Task Put_that_drops_the_implicit_license_is_refused_and_changes_nothing()
    {
        await using var h = await SimulatorHarness.StartAsync(new SimulatorOptions { Users = 50 });
        var token = h.Token(Read, Write, "spark-admin:licenses_read");
        var screenShare = (await h.GetJsonAsync("v1/licenses", token)).GetProperty("items").EnumerateArray()
            .Single(l => l.GetProperty("name").GetString() == "Free screen share").GetProperty("id").GetString();
        var person = (await h.GetJsonAsync("v1/people?max=10", token)).GetProperty("items")[6];
        var id = person.GetProperty("id").GetString()!;
        var kept = person.GetProperty("licenses").EnumerateArray().Select(l => l.GetString()).Where(l => l != screenShare).ToArray();

        using var refused = await h.SendJsonAsync(HttpMethod.Put, $"v1/people/{id}", new { displayName = "Changed", licenses = kept }, token);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(700006, (await SimulatorHarness.ReadJsonAsync(refused)).GetProperty("errors")[0].GetProperty("errorCode").GetInt32());
        var after = await h.GetJsonAsync($"v1/people/{id}", token);
        Assert.Equal(person.GetProperty("displayName").GetString(), after.GetProperty("displayName").GetString());
        Assert.Contains(screenShare, after.GetProperty("licenses").EnumerateArray().Select(l => l.GetString()));
    }

    [Fact]
    public async Task Me_is_the_signed_in_admin()
    {
        await using var h = await SimulatorHarness.StartAsync(new SimulatorOptions { Users = 20 });
        var me = await h.GetJsonAsync("v1/people/me", h.Token("spark:people_read"));
        Assert.Equal(h.Sim.Org.AdminEmail, me.GetProperty("emails")[0].GetString());
        Assert.Equal(2, me.GetProperty("roles").GetArrayLength());
    }

    [Fact]
    public async Task Delete_removes_the_person()
    {
        await using var h = await SimulatorHarness.StartAsync(new SimulatorOptions { Users = 50 });
        var token = h.Token(Read, Write);
        var id = (await h.GetJsonAsync("v1/people?max=10", token)).GetProperty("items")[4].GetProperty("id").GetString()!;
        using var deleted = await h.SendJsonAsync(HttpMethod.Delete, $"v1/people/{id}", new { }, token);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        using var gone = await h.GetAsync($"v1/people/{id}", token);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        var remaining = await h.GetJsonAsync("v1/people?max=1000", token);
        Assert.Equal(49, remaining.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Roles_and_organizations_list_the_org()
    {
        await using var h = await SimulatorHarness.StartAsync(new SimulatorOptions { Users = 20 });
        var token = h.Token("spark-admin:roles_read", "spark-admin:organizations_read");
        var roles = (await h.GetJsonAsync("v1/roles", token)).GetProperty("items").EnumerateArray().ToList();
        Assert.Contains(roles, r => r.GetProperty("name").GetString() == "Full Administrator"
            && DecodeId(r.GetProperty("id").GetString()!) == "ciscospark://us/ROLE/id_full_admin");
        var orgs = (await h.GetJsonAsync("v1/organizations", token)).GetProperty("items").EnumerateArray().Single();
        Assert.Equal(h.Sim.Org.OrgId, orgs.GetProperty("id").GetString());
        Assert.Equal($"ciscospark://us/ORGANIZATION/{h.Sim.Org.OrgUuid}", DecodeId(h.Sim.Org.OrgId));
    }

    public static string DecodeId(string id) =>
        System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(id.PadRight(id.Length + ((4 - (id.Length % 4)) % 4), '=')));
}
