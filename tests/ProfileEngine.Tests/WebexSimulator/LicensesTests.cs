using System.Net;
using System.Text.Json;
using ProfileEngine.WebexSimulator;

namespace ProfileEngine.Tests.WebexSimulator;

public sealed class LicensesTests
{
    private const string Read = "spark-admin:licenses_read";
    private const string PeopleRead = "spark-admin:people_read";
    private const string Write = "spark-admin:people_write";

    [Fact]
    public async Task Catalog_has_paid_meeting_and_free_implicit_licenses_in_the_real_shapes()
    {
        await using var h = await SimulatorHarness.StartAsync(new SimulatorOptions { Users = 200 });
        var licenses = (await h.GetJsonAsync("v1/licenses", h.Token(Read))).GetProperty("items").EnumerateArray().ToList();
        var decoded = licenses.ToDictionary(l => l.GetProperty("name").GetString()!, l => PeopleTests.DecodeId(l.GetProperty("id").GetString()!));

        Assert.Matches($"^ciscospark://us/LICENSE/{h.Sim.Org.OrgUuid}:EE_[0-9a-f-]{{36}}_.+\\.webex\\.com$", decoded["Webex Meetings Suite"]);
        Assert.Contains(":BCSTD_", decoded["Webex Calling - Professional"], StringComparison.Ordinal);
        Assert.Contains(":MS_", decoded["Advanced Messaging"], StringComparison.Ordinal);
        Assert.Contains(":FMS_", decoded["Basic Messaging"], StringComparison.Ordinal);

        var meetings = licenses.Single(l => l.GetProperty("name").GetString() == "Webex Meetings Suite");
        Assert.EndsWith(".webex.com", meetings.GetProperty("siteUrl").GetString(), StringComparison.Ordinal);
        Assert.Equal("Control Hub managed site", meetings.GetProperty("siteType").GetString());
        Assert.Equal(JsonValueKind.String, meetings.GetProperty("subscriptionId").ValueKind);
        Assert.Equal(JsonValueKind.Number, meetings.GetProperty("consumedByUsers").ValueKind);

        var basic = licenses.Single(l => l.GetProperty("name").GetString() == "Basic Messaging");
        Assert.False(basic.TryGetProperty("subscriptionId", out _));
        Assert.False(basic.TryGetProperty("siteUrl", out _));
        Assert.Equal(JsonValueKind.Null, basic.GetProperty("consumedByUsers").ValueKind);
        Assert.Equal(JsonValueKind.Null, basic.GetProperty("consumedByWorkspaces").ValueKind);
    }

    [Fact]
    public async Task Patch_removes_and_adds_a_license()
    {
        await using var h = await SimulatorHarness.StartAsync(new SimulatorOptions { Users = 100 });
        var token = h.Token(Read, PeopleRead, Write);
        var (person, calling) = await PersonWithAsync(h, token, "Webex Calling - Professional");

        using var removed = await h.SendJsonAsync(HttpMethod.Patch, "v1/licenses/users",
            new { personId = person, licenses = new[] { new { id = calling, operation = "remove" } } }, token);
        Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        var body = await SimulatorHarness.ReadJsonAsync(removed);
        Assert.Equal(person, body.GetProperty("personId").GetString());
        Assert.DoesNotContain(calling, body.GetProperty("licenses").EnumerateArray().Select(l => l.GetString()));
        Assert.DoesNotContain(calling, (await h.GetJsonAsync($"v1/people/{person}", token)).GetProperty("licenses").EnumerateArray().Select(l => l.GetString()));

        using var added = await h.SendJsonAsync(HttpMethod.Patch, "v1/licenses/users",
            new { personId = person, licenses = new[] { new { id = calling, operation = "add" } } }, token);
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        Assert.Contains(calling, (await h.GetJsonAsync($"v1/people/{person}", token)).GetProperty("licenses").EnumerateArray().Select(l => l.GetString()));
    }

    [Fact]
    public async Task Patch_answers_206_when_only_some_changes_apply()
    {
        await using var h = await SimulatorHarness.StartAsync(new SimulatorOptions { Users = 100 });
        var token = h.Token(Read, PeopleRead, Write);
        var (person, calling) = await PersonWithAsync(h, token, "Webex Calling - Professional");
        var unknown = Convert.ToBase64String("ciscospark://us/LICENSE/nope:XX_1"u8).TrimEnd('=');

        using var partial = await h.SendJsonAsync(HttpMethod.Patch, "v1/licenses/users", new
        {
            personId = person,
            licenses = new[] { new { id = calling, operation = "remove" }, new { id = unknown, operation = "add" } },
        }, token);
        Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
        Assert.DoesNotContain(calling, (await SimulatorHarness.ReadJsonAsync(partial)).GetProperty("licenses").EnumerateArray().Select(l => l.GetString()));

        using var none = await h.SendJsonAsync(HttpMethod.Patch, "v1/licenses/users",
            new { personId = person, licenses = new[] { new { id = unknown, operation = "add" } } }, token);
        Assert.Equal(HttpStatusCode.BadRequest, none.StatusCode);
        var error = await SimulatorHarness.ReadJsonAsync(none);
        Assert.Equal("License assignment failed", error.GetProperty("message").GetString());
        Assert.Equal(400000, error.GetProperty("errors")[0].GetProperty("errorCode").GetInt32());
        Assert.Equal("License not recognized", error.GetProperty("errors")[0].GetProperty("description").GetString());
    }

    [Fact]
    public async Task Implicit_screen_share_cannot_be_removed()
    {
        await using var h = await SimulatorHarness.StartAsync(new SimulatorOptions { Users = 100 });
        var token = h.Token(Read, PeopleRead, Write);
        var (person, screenShare) = await PersonWithAsync(h, token, "Free screen share");

        using var refused = await h.SendJsonAsync(HttpMethod.Patch, "v1/licenses/users",
            new { personId = person, licenses = new[] { new { id = screenShare, operation = "remove" } } }, token);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var detail = (await SimulatorHarness.ReadJsonAsync(refused)).GetProperty("errors")[0];
        Assert.Equal(700006, detail.GetProperty("errorCode").GetInt32());
        Assert.Matches("^Screen Share .* is implicitly assigned and cannot be removed$", detail.GetProperty("description").GetString()!);
        Assert.Contains(screenShare, (await h.GetJsonAsync($"v1/people/{person}", token)).GetProperty("licenses").EnumerateArray().Select(l => l.GetString()));
    }

    [Fact]
    public async Task License_users_page_300_at_a_time_with_a_next_cursor()
    {
        await using var h = await SimulatorHarness.StartAsync(new SimulatorOptions { Users = 700 });
        var token = h.Token(Read);
        var summary = await h.ControlAsync(HttpMethod.Get, "_sim/org");
        var basic = summary.GetProperty("licenses").EnumerateArray().Single(l => l.GetProperty("name").GetString() == "Basic Messaging");
        var assigned = basic.GetProperty("assigned").GetInt32();
        Assert.InRange(assigned, 601, 900);

        var id = basic.GetProperty("id").GetString()!;
        var pages = await h.GetAllPagesAsync($"v1/licenses/{id}?includeAssignedTo=user&limit=1000", token, "users");
        Assert.Equal(300, pages[0].Count);
        Assert.Equal(assigned, pages.Sum(p => p.Count));
        Assert.Equal(assigned, pages.SelectMany(p => p).Select(u => u.GetProperty("id").GetString()).Distinct().Count());
        Assert.All(pages.SelectMany(p => p), u => Assert.Equal("INTERNAL", u.GetProperty("type").GetString()));

        using var first = await h.GetAsync($"v1/licenses/{id}?includeAssignedTo=user&limit=1000", token);
        var next = SimulatorHarness.NextLink(first)!;
        Assert.StartsWith(h.Sim.BaseUrl + $"v1/licenses/{id}?", next, StringComparison.Ordinal);
        Assert.Contains("next=", next, StringComparison.Ordinal);
        Assert.Contains("includeAssignedTo=user", next, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Concurrent_reads_and_license_changes_all_succeed()
    {
        await using var h = await SimulatorHarness.StartAsync(new SimulatorOptions { Users = 3000 });
        var token = h.Token(Read, PeopleRead, Write);
        var calling = (await h.GetJsonAsync("v1/licenses", token)).GetProperty("items").EnumerateArray()
            .Single(l => l.GetProperty("name").GetString() == "Webex Calling - Professional").GetProperty("id").GetString()!;
        var people = (await h.GetJsonAsync("v1/people?max=40", token)).GetProperty("items").EnumerateArray()
            .Select(p => p.GetProperty("id").GetString()!).ToList();

        var readers = Enumerable.Range(0, 16).Select(async _ => (await h.GetAllPagesAsync("v1/people?max=1000", token)).Sum(p => p.Count));
        var writers = people.Select(async person =>
        {
            using var response = await h.SendJsonAsync(HttpMethod.Patch, "v1/licenses/users",
                new { personId = person, licenses = new[] { new { id = calling, operation = "add" } } }, token);
            return response.StatusCode;
        });

        Assert.All(await Task.WhenAll(readers), count => Assert.Equal(3000, count));
        Assert.All(await Task.WhenAll(writers), status => Assert.Equal(HttpStatusCode.OK, status));
        var holders = await h.GetAllPagesAsync($"v1/licenses/{calling}?includeAssignedTo=user", token, "users");
        Assert.True(people.All(p => holders.SelectMany(page => page).Any(u => u.GetProperty("id").GetString() == p)));
    }

    /// <summary>A person holding the named license: (person id, license id).</summary>
    private static async Task<(string Person, string License)> PersonWithAsync(SimulatorHarness h, string token, string licenseName)
    {
        var license = (await h.GetJsonAsync("v1/licenses", token)).GetProperty("items").EnumerateArray()
            .Single(l => l.GetProperty("name").GetString() == licenseName).GetProperty("id").GetString()!;
        var person = (await h.GetJsonAsync("v1/people?max=1000", token)).GetProperty("items").EnumerateArray()
            .First(p => p.GetProperty("licenses").EnumerateArray().Any(l => l.GetString() == license)).GetProperty("id").GetString()!;
        return (person, license);
    }
}
