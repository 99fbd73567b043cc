using System.Net;
using ProfileEngine.Connectors.Webex;
using ProfileEngine.Connectors.Webex.Models;

namespace ProfileEngine.Tests.Connectors.Webex;

public sealed class WebexLicenseTests
{
    [Fact]
    public async Task Removing_a_held_license_takes_it_away()
    {
        await using var harness = await WebexTestHarness.StartAsync();
        var (person, paid, _) = await HolderOfPaidLicenseAsync(harness.Client);

        var result = await harness.Client.RemoveLicenseAsync(person.Id, paid.Id);

        Assert.False(result.IsPartial);
        Assert.Empty(result.NotApplied);
        Assert.DoesNotContain(paid.Id, result.Response.Licenses);
        Assert.DoesNotContain(paid.Id, (await harness.Client.GetPersonAsync(person.Id)).Licenses);
        var patch = Assert.Single((await harness.GetRequestsAsync()).To("/v1/licenses/users"));
        Assert.Equal(("PATCH", 200), (patch.Method, patch.Status));
    }

    [Fact]
    public async Task Removing_the_implicit_screen_share_license_surfaces_error_700006()
    {
        await using var harness = await WebexTestHarness.StartAsync();
        var (person, _, screenShare) = await HolderOfPaidLicenseAsync(harness.Client);

        var error = await Assert.ThrowsAsync<WebexApiException>(() => harness.Client.RemoveLicenseAsync(person.Id, screenShare.Id));

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Contains(700006L, error.ErrorCodes);
        Assert.Contains("700006", error.Message, StringComparison.Ordinal);
        Assert.Contains("implicitly assigned", error.Message, StringComparison.Ordinal);
        Assert.Contains(screenShare.Id, (await harness.Client.GetPersonAsync(person.Id)).Licenses);
    }

    [Fact]
    public async Task A_206_partial_result_is_surfaced_with_the_operations_not_applied()
    {
        await using var harness = await WebexTestHarness.StartAsync();
        var (person, paid, screenShare) = await HolderOfPaidLicenseAsync(harness.Client);
        var update = new UserLicensesUpdate
        {
            PersonId = person.Id,
            Licenses = [new LicenseOperation(paid.Id, LicenseOperation.Remove), new LicenseOperation(screenShare.Id, LicenseOperation.Remove)],
        };

        var result = await harness.Client.UpdateUserLicensesAsync(update);

        Assert.True(result.IsPartial);
        Assert.Equal(new LicenseOperation(screenShare.Id, LicenseOperation.Remove), Assert.Single(result.NotApplied));
        Assert.DoesNotContain(paid.Id, result.Response.Licenses);
        Assert.Equal(206, Assert.Single((await harness.GetRequestsAsync()).To("/v1/licenses/users")).Status);
    }

    private static async Task<(Person Person, License Paid, License ScreenShare)> HolderOfPaidLicenseAsync(WebexClient client)
    {
        var licenses = await client.ListLicensesAsync();
        var paid = licenses.Where(l => l.SubscriptionId is not null).ToList();
        var screenShare = licenses.Single(l => l.Name == "Free screen share");
        await foreach (var person in client.ListPeopleAsync(new PeopleQuery { Max = 1000 }))
        {
            if (person.Type == "person" && paid.FirstOrDefault(l => person.Licenses.Contains(l.Id)) is { } held && person.Licenses.Contains(screenShare.Id))
            {
                return (person, held, screenShare);
            }
        }

        throw new InvalidOperationException("Nobody in the simulated org holds a paid license.");
    }
}
