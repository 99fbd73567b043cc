using System.Net;
using ProfileEngine.Connectors.Webex.Models;
using ProfileEngine.Tests.Connectors.Webex;
using ProfileEngine.WebexSimulator;
using ProfileEngine.WebexSimulator.Generation;

namespace ProfileEngine.Tests.WebexSimulator;

/// <summary>
/// <c>PATCH /v1/licenses/users</c> answers <c>siteUrls[].accountType</c> in upper case (HOST/ATTENDEE) as the real
/// service does, though the spec's enum is lower case: jeokrohn/wxc_sdk wxc_sdk/licenses/__init__.py SiteAccountType,
/// commits "SiteAccountType apparently is all caps" and "model changes based on unit tests".
/// </summary>
public sealed class LicenseAssignmentSiteUrlTests
{
    [Fact]
    public async Task A_license_change_answers_the_meeting_site_with_account_type_HOST()
    {
        await using var h = await SimulatorHarness.StartAsync(new SimulatorOptions { Users = 60 });
        var token = h.Token("spark-admin:people_write");
        var (personId, site) = MeetingsHolder(h.Sim);
        var calling = h.Sim.State.Data.Licenses[OrgGenerator.CallingLicense].Id;

        using var response = await h.SendJsonAsync(
            HttpMethod.Patch,
            "v1/licenses/users",
            new { personId, licenses = new[] { new { id = calling, operation = "add" } } },
            token);
        var body = await SimulatorHarness.ReadJsonAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var siteUrl = Assert.Single(body.GetProperty("siteUrls").EnumerateArray());
        Assert.Equal(site, siteUrl.GetProperty("siteUrl").GetString());
        Assert.Equal("HOST", siteUrl.GetProperty("accountType").GetString());
    }

    [Fact]
    public async Task The_engine_client_reads_the_upper_case_account_type()
    {
        await using var harness = await WebexTestHarness.StartAsync(users: 60);
        var (personId, site) = MeetingsHolder(harness.Simulator);
        var calling = harness.Simulator.State.Data.Licenses[OrgGenerator.CallingLicense].Id;

        var result = await harness.Client.UpdateUserLicensesAsync(new UserLicensesUpdate
        {
            PersonId = personId,
            Licenses = [new LicenseOperation(calling)],
        });

        Assert.False(result.IsPartial);
        Assert.Contains(calling, result.Response.Licenses);
        var siteUrl = Assert.Single(result.Response.SiteUrls);
        Assert.Equal(site, siteUrl.SiteUrl);
        Assert.Equal("HOST", siteUrl.AccountType);
    }

    private static (string PersonId, string Site) MeetingsHolder(WebexSimulatorServer sim)
    {
        using var _ = sim.State.Read();
        var org = sim.State.Data;
        var person = org.People.First(p => p.Holds(OrgGenerator.MeetingsLicense)
            && !org.Licenses.Any(l => l.SiteUrl is not null && l.Index != OrgGenerator.MeetingsLicense && p.Holds(l.Index)));
        return (person.Id, org.Licenses[OrgGenerator.MeetingsLicense].SiteUrl!);
    }
}
