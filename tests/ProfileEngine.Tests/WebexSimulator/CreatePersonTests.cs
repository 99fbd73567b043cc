using System.Net;
using System.Text.Json.Nodes;
using ProfileEngine.WebexSimulator;
using ProfileEngine.WebexSimulator.Generation;

namespace ProfileEngine.Tests.WebexSimulator;

/// <summary><c>POST /v1/people</c> (Create a Person): emails required, one of the names required, needs people_write.</summary>
public sealed class CreatePersonTests
{
    private const string Write = "spark-admin:people_write";
    private const string Read = "spark-admin:people_read";

    [Fact]
    public async Task A_created_person_is_answered_and_then_found_by_id_by_email_and_in_scim()
    {
        await using var h = await SimulatorHarness.StartAsync(new SimulatorOptions { Users = 20 });
        var token = h.Token(Write, Read, "identity:people_read");
        var calling = h.Sim.State.Data.Licenses[OrgGenerator.CallingLicense].Id;

        using var response = await PostAsync(h, "v1/people", $$"""
            {"emails":["new.hire@example.com"],"firstName":"New","lastName":"Hire",
             "phoneNumbers":[{"type":"work","value":"+1 408 555 0101"}],"licenses":["{{calling}}"]}
            """, token);
        var created = await SimulatorHarness.ReadJsonAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("New Hire", created.GetProperty("displayName").GetString());
        Assert.Contains(calling, created.GetProperty("licenses").EnumerateArray().Select(l => l.GetString()));
        var id = created.GetProperty("id").GetString()!;
        var read = await h.GetJsonAsync($"v1/people/{id}", token);
        Assert.Equal("new.hire@example.com", read.GetProperty("emails")[0].GetString());
        Assert.Equal("+1 408 555 0101", read.GetProperty("phoneNumbers")[0].GetProperty("value").GetString());
        var byEmail = await h.GetJsonAsync("v1/people?email=new.hire@example.com", token);
        Assert.Equal(id, byEmail.GetProperty("items")[0].GetProperty("id").GetString());
        var scim = await h.GetJsonAsync($"identity/scim/{h.Sim.Org.OrgUuid}/v2/Users?filter={Uri.EscapeDataString("userName eq \"new.hire@example.com\"")}", token);
        Assert.Equal(1, scim.GetProperty("totalResults").GetInt32());
    }

    [Fact]
    public async Task Min_response_answers_only_the_id()
    {
        await using var h = await SimulatorHarness.StartAsync(new SimulatorOptions { Users = 20 });

        using var response = await PostAsync(h, "v1/people?minResponse=true", """{"emails":["quiet@example.com"],"displayName":"Quiet"}""", h.Token(Write));
        var body = await SimulatorHarness.ReadJsonAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["id"], body.EnumerateObject().Select(p => p.Name));
        Assert.NotNull(h.Sim.State.Data.FindPerson(body.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task Bad_bodies_a_taken_email_and_a_read_only_token_are_refused_with_webex_errors_and_nothing_is_created()
    {
        await using var h = await SimulatorHarness.StartAsync(new SimulatorOptions { Users = 20 });
        var token = h.Token(Write);
        var before = h.Sim.State.Data.AllPeople.Count;

        using var noEmail = await PostAsync(h, "v1/people", """{"displayName":"No Mail"}""", token);
        using var noName = await PostAsync(h, "v1/people", """{"emails":["noname@example.com"]}""", token);
        using var taken = await PostAsync(h, "v1/people", $$"""{"emails":["{{h.Sim.Org.AdminEmail}}"],"displayName":"Again"}""", token);
        using var badLicense = await PostAsync(h, "v1/people", """{"emails":["x@example.com"],"displayName":"X","licenses":["nope"]}""", token);
        using var readOnly = await PostAsync(h, "v1/people", """{"emails":["y@example.com"],"displayName":"Y"}""", h.Token(Read));

        Assert.Equal(HttpStatusCode.BadRequest, noEmail.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noName.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, taken.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badLicense.StatusCode);
        Assert.Equal(400000, (await SimulatorHarness.ReadJsonAsync(badLicense)).GetProperty("errors")[0].GetProperty("errorCode").GetInt32());
        Assert.Equal(HttpStatusCode.Forbidden, readOnly.StatusCode);
        Assert.Contains("emails", (await SimulatorHarness.ReadJsonAsync(noEmail)).GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, h.Sim.State.Data.AllPeople.Count);
    }

    private static Task<HttpResponseMessage> PostAsync(SimulatorHarness h, string url, string json, string token) =>
        h.SendJsonAsync(HttpMethod.Post, url, JsonNode.Parse(json)!, token);
}
