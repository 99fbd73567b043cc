using ProfileEngine.Connectors.Webex.Models;

namespace ProfileEngine.Tests.Connectors.Webex;

public sealed class WebexPagingTests
{
    [Fact]
    public async Task ListPeople_reads_2345_people_at_max_1000_in_exactly_three_requests()
    {
        await using var harness = await WebexTestHarness.StartAsync(users: 2345);

        var ids = new List<string>();
        await foreach (var person in harness.Client.ListPeopleAsync(new PeopleQuery { Max = 1000 }))
        {
            ids.Add(person.Id);
        }

        var requests = await harness.GetRequestsAsync();
        Assert.Equal(3, requests.CountOf("/v1/people"));
        Assert.Equal(2345, ids.Count);
        Assert.Equal(2345, ids.Distinct(StringComparer.Ordinal).Count());

        // Pages 2 and 3 are the Link URLs: they carry the vendor's cursor, which the client never builds itself.
        var pages = requests.To("/v1/people");
        Assert.Null(pages[0].Parameter("cursor"));
        Assert.All(pages.Skip(1), page => Assert.NotNull(page.Parameter("cursor")));
        Assert.All(pages, page => Assert.Equal("1000", page.Parameter("max")));
    }

    [Fact]
    public async Task Plain_lists_and_single_person_are_typed()
    {
        await using var harness = await WebexTestHarness.StartAsync();

        var licenses = await harness.Client.ListLicensesAsync();
        var roles = await harness.Client.ListRolesAsync();
        var first = await FirstPersonAsync(harness);
        var again = await harness.Client.GetPersonAsync(first.Id);

        Assert.Contains(licenses, l => l.Name == "Free screen share" && l.SubscriptionId is null);
        Assert.Contains(licenses, l => l.SubscriptionId is not null && l.TotalUnits > 0);
        Assert.Contains(roles, r => r.Name == "Full Administrator");
        Assert.Equal(first.Id, again.Id);
        Assert.Equal(first.Emails, again.Emails);
        Assert.NotNull(again.LoginEnabled);
    }

    [Fact]
    public async Task ListPeople_passes_the_email_and_display_name_filters()
    {
        await using var harness = await WebexTestHarness.StartAsync();
        var admin = harness.Simulator.Org.AdminEmail;

        var byEmail = new List<Person>();
        await foreach (var person in harness.Client.ListPeopleAsync(new PeopleQuery { Email = admin }))
        {
            byEmail.Add(person);
        }

        var prefix = byEmail[0].DisplayName![..3];
        var byName = new List<Person>();
        await foreach (var person in harness.Client.ListPeopleAsync(new PeopleQuery { DisplayName = prefix }))
        {
            byName.Add(person);
        }

        Assert.Equal(admin, Assert.Single(byEmail).PrimaryEmail);
        Assert.Contains(byName, p => p.Id == byEmail[0].Id);
        Assert.All(byName, p => Assert.StartsWith(prefix, p.DisplayName, StringComparison.OrdinalIgnoreCase));
    }

    private static async Task<Person> FirstPersonAsync(WebexTestHarness harness)
    {
        await foreach (var person in harness.Client.ListPeopleAsync(new PeopleQuery { Max = 1 }))
        {
            return person;
        }

        throw new InvalidOperationException("The simulated org has nobody.");
    }
}
