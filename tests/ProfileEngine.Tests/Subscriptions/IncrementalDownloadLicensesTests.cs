using ProfileEngine.WebexSimulator.Generation;
using ProfileEngine.WebexSimulator.Org;

namespace ProfileEngine.Tests.Subscriptions;

/// <summary>
/// The incremental download re-reads the people SCIM says changed. Webex leaves licenses out of
/// <c>GET /v1/people?id=</c>, so the licenses must come from <c>GET /v1/people/{id}</c>.
/// </summary>
public sealed class IncrementalDownloadLicensesTests
{
    [Fact]
    public async Task An_incremental_run_takes_the_licenses_of_changed_people_from_reading_each_person()
    {
        await using var org = await DownloadOrg.StartAsync(users: 400, scim: true);
        await org.ImportVariantAsync("download-incremental", "mode", "incremental");
        Assert.Equal("full", (await org.RunAsync("download-incremental")).Mode);
        org.Clock.Advance(TimeSpan.FromHours(1));
        var meetings = org.LicenseId(OrgGenerator.MeetingsLicense);
        var calling = org.LicenseId(OrgGenerator.CallingLicense);
        List<string> changed;
        using (org.Sim.State.Read())
        {
            changed = [.. org.Sim.State.Data.People
                .Where(p => p.Type == PersonType.Person && p.Holds(OrgGenerator.MeetingsLicense) && !p.Holds(OrgGenerator.CallingLicense))
                .Take(6)
                .Select(p => p.Id)];
        }

        Assert.Equal(6, changed.Count);
        foreach (var id in changed)
        {
            org.Sim.State.AssignLicense(id, calling, assign: true);
            org.Sim.State.AssignLicense(id, meetings, assign: false);
        }

        org.Clock.Advance(TimeSpan.FromHours(1));
        org.Sim.State.Requests.Clear();

        var (_, counts, mode) = await org.RunAsync("download-incremental");

        Assert.Equal("incremental", mode);
        Assert.Equal(changed.Count, counts["inserted"]!.GetValue<int>());
        Assert.Equal(changed.Count, counts["deactivated"]!.GetValue<int>());
        var subscriptions = await org.SubscriptionsAsync();
        foreach (var id in changed)
        {
            Assert.Contains(subscriptions, s => s.ExternalUserId == id && s.Identifier == calling && s.Active);
            Assert.Contains(subscriptions, s => s.ExternalUserId == id && s.Identifier == meetings && !s.Active);
        }

        Assert.Equal(org.VendorPairs(), subscriptions.Where(s => s.Active).Select(s => (s.ExternalUserId, s.Identifier)).ToHashSet());
        // No id= lookup (it carries no licenses). Listings may come from the activity job the fake clock wakes, so
        // they are not counted; /v1/people/me is the connection check's.
        var log = org.Sim.State.Requests.Snapshot();
        Assert.DoesNotContain(log, r => r.Path == "/v1/people" && r.Query.Contains("id=", StringComparison.Ordinal));
        var reads = log
            .Where(r => r.Method == "GET" && r.Path.StartsWith("/v1/people/", StringComparison.Ordinal) && r.Path != "/v1/people/me")
            .Select(r => r.Path["/v1/people/".Length..])
            .ToHashSet();
        Assert.Superset(changed.ToHashSet(), reads);
        Assert.Equal(counts["fetched"]!.GetValue<int>(), reads.Count);
    }
}
