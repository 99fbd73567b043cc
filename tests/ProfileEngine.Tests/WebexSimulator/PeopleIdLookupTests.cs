using ProfileEngine.WebexSimulator;

namespace ProfileEngine.Tests.WebexSimulator;

/// <summary>
/// List People spec: admins get "additional administrative fields like licenses, roles ... These fields are shown when
/// accessing a user via GET /people/{id}, not when doing a GET /people?id=".
/// </summary>
public sealed class PeopleIdLookupTests
{
    private const string Read = "spark-admin:people_read";

    [Fact]
    public async Task An_id_lookup_leaves_out_licenses_and_roles_which_the_listing_and_get_by_id_show()
    {
        await using var h = await SimulatorHarness.StartAsync(new SimulatorOptions { Users = 100 });
        var token = h.Token(Read);
        var admin = h.Sim.State.Data.People[0];
        Assert.NotEmpty(admin.RoleIndexes);

        var listed = (await h.GetJsonAsync("v1/people?max=5", token)).GetProperty("items")[0];
        var single = await h.GetJsonAsync($"v1/people/{admin.Id}", token);
        var lookedUp = (await h.GetJsonAsync($"v1/people?id={admin.Id}", token)).GetProperty("items").EnumerateArray().Single();

        Assert.Equal(admin.Id, listed.GetProperty("id").GetString());
        Assert.NotEmpty(listed.GetProperty("licenses").EnumerateArray());
        Assert.NotEmpty(single.GetProperty("licenses").EnumerateArray());
        Assert.NotEmpty(single.GetProperty("roles").EnumerateArray());
        Assert.Equal(admin.Id, lookedUp.GetProperty("id").GetString());
        Assert.False(lookedUp.TryGetProperty("licenses", out _), "an id= lookup must not carry licenses");
        Assert.False(lookedUp.TryGetProperty("roles", out _), "an id= lookup must not carry roles");
        Assert.False(lookedUp.TryGetProperty("status", out _));
        Assert.Equal(admin.Email, lookedUp.GetProperty("emails")[0].GetString());
    }
}
