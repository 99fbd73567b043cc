using System.Text.Json;
using ProfileEngine.WebexSimulator;
using ProfileEngine.WebexSimulator.Org;

namespace ProfileEngine.Tests.WebexSimulator;

/// <summary>People and SCIM show the same phone numbers of the same person; generated numbers follow the seed.</summary>
public sealed class PhoneNumbersTests
{
    [Fact]
    public async Task People_and_scim_show_the_same_numbers_with_the_same_types_for_every_user()
    {
        await using var h = await SimulatorHarness.StartAsync(new SimulatorOptions { Users = 250 });
        var token = h.Token("spark-admin:people_read", "identity:people_read");
        var people = (await h.GetAllPagesAsync("v1/people?max=1000", token)).SelectMany(p => p)
            .Where(p => p.GetProperty("type").GetString() == "person")
            .ToDictionary(p => p.GetProperty("id").GetString()!, Numbers);
        var scim = (await h.GetJsonAsync($"identity/scim/{h.Sim.Org.OrgUuid}/v2/Users?count=1000", token)).GetProperty("Resources")
            .EnumerateArray()
            .ToDictionary(u => u.GetProperty("id").GetString()!, Numbers);

        Assert.Equal(people.Count, scim.Count);
        using (h.Sim.State.Read())
        {
            foreach (var person in h.Sim.State.Data.People.Where(p => p.Type == PersonType.Person))
            {
                Assert.NotEmpty(people[person.Id]);
                Assert.Equal(people[person.Id], scim[person.Uuid.ToString()]);
                Assert.Single(people[person.Id], n => n.Primary);
            }
        }

        var types = people.Values.SelectMany(n => n).Select(n => n.Type).ToHashSet();
        Assert.Subset(PhoneNumber.PeopleTypes.ToHashSet(), types);
        Assert.Contains("mobile", types);
        Assert.Contains("work", types);
    }

    [Fact]
    public async Task The_same_seed_gives_the_same_numbers_and_another_seed_other_ones()
    {
        await using var a = await SimulatorHarness.StartAsync(new SimulatorOptions { Users = 80, Seed = 5 });
        await using var b = await SimulatorHarness.StartAsync(new SimulatorOptions { Users = 80, Seed = 5 });
        await using var c = await SimulatorHarness.StartAsync(new SimulatorOptions { Users = 80, Seed = 6 });

        Assert.Equal(AllNumbers(a), AllNumbers(b));
        Assert.NotEqual(AllNumbers(a), AllNumbers(c));
    }

    private static List<string> AllNumbers(SimulatorHarness h)
    {
        using var _ = h.Sim.State.Read();
        return [.. h.Sim.State.Data.People.SelectMany(p => p.PhoneNumbers.Select(n => $"{p.Ordinal}:{n.Type}:{n.Value}:{n.Primary}"))];
    }

    private static List<(string Type, string Value, bool Primary)> Numbers(JsonElement user) =>
        user.TryGetProperty("phoneNumbers", out var numbers)
            ? [.. numbers.EnumerateArray().Select(n => (n.GetProperty("type").GetString()!, n.GetProperty("value").GetString()!, n.TryGetProperty("primary", out var p) && p.GetBoolean()))]
            : [];
}
