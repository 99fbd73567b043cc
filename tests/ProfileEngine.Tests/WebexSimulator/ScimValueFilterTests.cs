using System.Net;
using System.Text.Json;
using ProfileEngine.WebexSimulator;
using ProfileEngine.WebexSimulator.Org;

namespace ProfileEngine.Tests.WebexSimulator;

/// <summary>RFC 7644 §3.4.2.2 value filters on multi-valued attributes: one element must match the whole bracket.</summary>
public sealed class ScimValueFilterTests
{
    [Fact]
    public async Task A_bracket_filter_on_phone_numbers_finds_exactly_the_people_with_such_a_number()
    {
        await using var h = await SimulatorHarness.StartAsync(new SimulatorOptions { Users = 300 });
        List<Person> people;
        using (h.Sim.State.Read())
        {
            people = [.. h.Sim.State.Data.People.Where(p => p.Type == PersonType.Person)];
        }

        var withWork = Ids(people.Where(p => p.PhoneNumbers.Any(n => n.Type == "work")));
        var withFax = Ids(people.Where(p => p.PhoneNumbers.Any(n => n.Type == "fax")));
        Assert.NotEmpty(withWork);
        Assert.NotEmpty(withFax);

        Assert.Equal(withWork, await SearchAsync(h, "phoneNumbers[type eq \"work\"]"));
        Assert.Equal(withWork, await SearchAsync(h, "phoneNumbers [ type eq \"work\" ]"));
        Assert.Equal(withFax, await SearchAsync(h, "phoneNumbers[type eq \"fax\"]"));

        // Both conditions on the same element: a mobile number that starts with +1 650 (mobile numbers do, work ones do not).
        var mobile650 = Ids(people.Where(p => p.PhoneNumbers.Any(n => n.Type == "mobile" && n.Value.StartsWith("+1 650", StringComparison.Ordinal))));
        Assert.NotEmpty(mobile650);
        Assert.Equal(mobile650, await SearchAsync(h, "phoneNumbers[type eq \"mobile\" and value sw \"+1 650\"]"));
        Assert.Empty(await SearchAsync(h, "phoneNumbers[type eq \"work\" and value sw \"+1 650\"]"));

        var one = people.First(p => p.PhoneNumbers.Count > 0).PhoneNumbers[0].Value;
        Assert.Equal(Ids(people.Where(p => p.PhoneNumbers.Any(n => n.Value == one))), await SearchAsync(h, $"phoneNumbers.value eq \"{one}\""));
    }

    [Fact]
    public async Task A_bracket_filter_on_emails_combines_with_other_clauses()
    {
        await using var h = await SimulatorHarness.StartAsync(new SimulatorOptions { Users = 200 });
        List<Person> people;
        using (h.Sim.State.Read())
        {
            people = [.. h.Sim.State.Data.People.Where(p => p.Type == PersonType.Person)];
        }

        var domain = "@" + h.Sim.State.Data.Domain;
        Assert.Equal(Ids(people), await SearchAsync(h, $"emails[type eq \"work\" and value co \"{domain}\"]"));
        Assert.Empty(await SearchAsync(h, $"emails[type eq \"home\" and value co \"{domain}\"]"));
        var admins = Ids(people.Where(p => p.Email.StartsWith("admin", StringComparison.Ordinal)));
        Assert.Equal(admins, await SearchAsync(h, $"emails[type eq \"work\" and value sw \"admin\"] and active eq true"));
        Assert.Equal(admins, await SearchAsync(h, $"urn:ietf:params:scim:schemas:core:2.0:User:userName sw \"admin\""));
    }

    [Theory]
    [InlineData("phoneNumbers[type eq \"work\"")]
    [InlineData("phoneNumbers[type eq \"work\"] ]")]
    [InlineData("emails[type eq \"work\" and emails[value pr]]")]
    [InlineData("displayName[value eq \"x\"]")]
    [InlineData("phoneNumbers[colour eq \"red\"]")]
    public async Task A_malformed_bracket_filter_is_a_scim_400_invalid_filter(string filter)
    {
        await using var h = await SimulatorHarness.StartAsync(new SimulatorOptions { Users = 20 });

        using var response = await h.GetAsync($"identity/scim/{h.Sim.Org.OrgUuid}/v2/Users?filter={Uri.EscapeDataString(filter)}", h.Token("identity:people_read"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalidFilter", (await SimulatorHarness.ReadJsonAsync(response)).GetProperty("scimType").GetString());
    }

    private static List<string> Ids(IEnumerable<Person> people) => [.. people.Select(p => p.Uuid.ToString()).Order(StringComparer.Ordinal)];

    private static async Task<List<string>> SearchAsync(SimulatorHarness h, string filter)
    {
        var body = await h.GetJsonAsync(
            $"identity/scim/{h.Sim.Org.OrgUuid}/v2/Users?count=1000&filter={Uri.EscapeDataString(filter)}",
            h.Token("identity:people_read"));
        return [.. body.GetProperty("Resources").EnumerateArray().Select(u => u.GetProperty("id").GetString()!).Order(StringComparer.Ordinal)];
    }
}
