using System.Net;
using System.Text.Json;
using ProfileEngine.WebexSimulator;
using ProfileEngine.WebexSimulator.Json;

namespace ProfileEngine.Tests.WebexSimulator;

/// <summary>The by-id reads of the spec: roles, organizations, compliance events, SCIM users; and the audit categories.</summary>
public sealed class DetailEndpointsTests
{
    [Fact]
    public async Task A_role_by_id_is_the_listed_role_and_an_unknown_role_is_a_json_404()
    {
        await using var h = await SimulatorHarness.StartAsync(new SimulatorOptions { Users = 20 });
        var token = h.Token("spark-admin:roles_read");
        var listed = (await h.GetJsonAsync("v1/roles", token)).GetProperty("items").EnumerateArray().ToList();

        foreach (var role in listed)
        {
            var single = await h.GetJsonAsync($"v1/roles/{role.GetProperty("id").GetString()}", token);
            Assert.Equal(role.GetRawText(), single.GetRawText());
        }

        using var unknown = await h.GetAsync("v1/roles/" + WebexId.Encode("ROLE", "id_nobody"), token);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("not found", (await SimulatorHarness.ReadJsonAsync(unknown)).GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_org_by_id_is_the_listed_org_and_another_org_is_a_json_404()
    {
        await using var h = await SimulatorHarness.StartAsync(new SimulatorOptions { Users = 20 });
        var token = h.Token("spark-admin:organizations_read");
        var listed = (await h.GetJsonAsync("v1/organizations", token)).GetProperty("items")[0];

        var single = await h.GetJsonAsync($"v1/organizations/{h.Sim.Org.OrgId}", token);

        Assert.Equal(listed.GetRawText(), single.GetRawText());
        using var other = await h.GetAsync("v1/organizations/" + WebexId.Encode("ORGANIZATION", Guid.Empty), token);
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        Assert.True((await SimulatorHarness.ReadJsonAsync(other)).TryGetProperty("trackingId", out _));
    }

    [Fact]
    public async Task A_compliance_event_by_id_is_the_listed_event_and_an_unknown_one_is_a_json_404()
    {
        await using var h = await SimulatorHarness.StartAsync(new SimulatorOptions { Users = 60 });
        var token = h.Token("spark-compliance:events_read");
        var listed = (await h.GetJsonAsync("v1/events?max=30", token)).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(30, listed.Count);

        foreach (var item in new[] { listed[0], listed[17], listed[^1] })
        {
            var single = await h.GetJsonAsync($"v1/events/{item.GetProperty("id").GetString()}", token);
            Assert.Equal(item.GetRawText(), single.GetRawText());
        }

        using var unknown = await h.GetAsync("v1/events/" + WebexId.Encode("EVENT", Guid.Empty), token);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.True((await SimulatorHarness.ReadJsonAsync(unknown)).TryGetProperty("message", out _));
        using var noOfficer = await h.GetAsync($"v1/events/{listed[0].GetProperty("id").GetString()}", h.Sim.IssueToken(["spark-compliance:events_read"], ["Full Administrator"]).AccessToken);
        Assert.Equal(HttpStatusCode.Forbidden, noOfficer.StatusCode);
    }

    [Fact]
    public async Task The_audit_event_categories_are_those_the_audit_events_use_and_each_filters_them()
    {
        await using var h = await SimulatorHarness.StartAsync(new SimulatorOptions { Users = 200 });
        var token = h.Token("audit:events_read");
        var now = h.Sim.State.Now;
        var window = $"orgId={h.Sim.Org.OrgId}&from={Uri.EscapeDataString(WebexTime.ToText(now.AddDays(-300)))}&to={Uri.EscapeDataString(WebexTime.ToText(now))}";

        var categories = (await h.GetJsonAsync("v1/adminAudit/eventCategories", token)).GetProperty("eventCategories")
            .EnumerateArray().Select(c => c.GetString()!).ToList();
        var used = (await h.GetAllPagesAsync($"v1/adminAudit/events?{window}&max=200", token)).SelectMany(p => p)
            .Select(e => e.GetProperty("data").GetProperty("eventCategory").GetString()!["EventCategory.".Length..])
            .ToHashSet();

        Assert.Equal(used.Order(StringComparer.Ordinal), categories);
        foreach (var category in categories)
        {
            var filtered = await h.GetJsonAsync($"v1/adminAudit/events?{window}&max=200&eventCategories={category}", token);
            Assert.NotEmpty(filtered.GetProperty("items").EnumerateArray());
        }
    }

    [Fact]
    public async Task A_scim_user_by_id_is_the_searched_user_and_an_unknown_one_is_a_scim_404()
    {
        await using var h = await SimulatorHarness.StartAsync(new SimulatorOptions { Users = 30 });
        var token = h.Token("identity:people_read");
        var users = $"identity/scim/{h.Sim.Org.OrgUuid}/v2/Users";
        var searched = (await h.GetJsonAsync(users + "?count=5", token)).GetProperty("Resources")[4];

        var single = await h.GetJsonAsync($"{users}/{searched.GetProperty("id").GetString()}", token);

        Assert.Equal(searched.GetRawText(), single.GetRawText());
        using var unknown = await h.GetAsync($"{users}/{Guid.Empty}", token);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        var error = await SimulatorHarness.ReadJsonAsync(unknown);
        Assert.Equal(["urn:ietf:params:scim:api:messages:2.0:Error"], error.GetProperty("schemas").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal("404", error.GetProperty("status").GetString());
        Assert.Contains(Guid.Empty.ToString(), error.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bot_is_not_a_scim_user_even_by_id()
    {
        await using var h = await SimulatorHarness.StartAsync(new SimulatorOptions { Users = 400 });
        var bot = h.Sim.State.Data.People.First(p => p.Type != ProfileEngine.WebexSimulator.Org.PersonType.Person);

        using var response = await h.GetAsync($"identity/scim/{h.Sim.Org.OrgUuid}/v2/Users/{bot.Uuid}", h.Token("identity:people_read"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(JsonValueKind.String, (await SimulatorHarness.ReadJsonAsync(response)).GetProperty("detail").ValueKind);
    }
}
