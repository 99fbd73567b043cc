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
    public async Task GetPeopleByIds_asks_for_at_most_85_ids_per_request()
    {
        await using var harness = await WebexTestHarness.StartAsync(users: 300);
        var wanted = new List<string>();
        await foreach (var person in harness.Client.ListPeopleAsync(new PeopleQuery { Max = 1000 }))
        {
            wanted.Add(person.Id);
        }

        wanted = wanted.Take(200).ToList();
        await harness.ClearRequestsAsync();

        var found = new List<Person>();
        await foreach (var person in harness.Client.GetPeopleByIdsAsync(wanted))
        {
            found.Add(person);
        }

        Assert.Equal(wanted.Order(StringComparer.Ordinal), found.Select(p => p.Id).Order(StringComparer.Ordinal));
        // Only the id lookups: the simulator may log the listing's last request after the clear (it logs once the
        // response is sent), and the log's order is the order responses finished.
        var lookups = (await harness.GetRequestsAsync()).To("/v1/people").Where(r => r.Parameter("id") is not null).ToList();
        Assert.Equal(3, lookups.Count);
        var idsPerRequest = lookups
            .Select(r => r.Parameter("id")!.Split(',').Length)
            .OrderDescending()
            .ToList();
        Assert.Equal([85, 85, 30], idsPerRequest);
    }

    [Fact]
    public async Task ListLicenseUsers_follows_the_cursor_until_every_holder_is_read()
    {
        await using var harness = await WebexTestHarness.StartAsync(users: 250);
        var licenses = await harness.Client.ListLicensesAsync();
        var meetings = licenses.Single(l => l.Name == "Webex Meetings Suite");

        var holdersByPeople = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var person in harness.Client.ListPeopleAsync(new PeopleQuery { Max = 1000 }))
        {
            if (person.Licenses.Contains(meetings.Id))
            {
                holdersByPeople.Add(person.Id);
            }
        }

        await harness.ClearRequestsAsync();
        var holders = new List<string>();
        await foreach (var user in harness.Client.ListLicenseUsersAsync(meetings.Id, limit: 50))
        {
            holders.Add(user.Id);
        }

        Assert.True(holdersByPeople.Count > 100, "the seeded org should give the meetings license to most people");
        Assert.Equal(holdersByPeople.Order(StringComparer.Ordinal), holders.Order(StringComparer.Ordinal));
        var pages = (await harness.GetRequestsAsync()).Log.Where(r => r.Path.StartsWith("/v1/licenses/", StringComparison.Ordinal)).ToList();
        Assert.Equal((holders.Count + 49) / 50, pages.Count);
        Assert.All(pages, page => Assert.Equal("user", page.Parameter("includeAssignedTo")));
    }

    [Fact]
    public async Task Plain_lists_and_single_person_are_typed()
    {
        await using var harness = await WebexTestHarness.StartAsync();

        var licenses = await harness.Client.ListLicensesAsync();
        var roles = await harness.Client.ListRolesAsync();
        var organizations = await harness.Client.ListOrganizationsAsync();
        var first = await FirstPersonAsync(harness);
        var again = await harness.Client.GetPersonAsync(first.Id);

        Assert.Contains(licenses, l => l.Name == "Free screen share" && l.SubscriptionId is null);
        Assert.Contains(licenses, l => l.SubscriptionId is not null && l.TotalUnits > 0);
        Assert.Contains(roles, r => r.Name == "Full Administrator");
        Assert.Equal(harness.Simulator.Org.OrgId, Assert.Single(organizations).Id);
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
