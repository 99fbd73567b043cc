using Microsoft.Extensions.Time.Testing;
using ProfileEngine.WebexSimulator;
using ProfileEngine.WebexSimulator.Generation;
using ProfileEngine.WebexSimulator.Org;

namespace ProfileEngine.Tests.WebexSimulator;

public sealed class GeneratorTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Org_spreads_activity_over_every_inactivity_bucket()
    {
        var org = OrgGenerator.Generate(new SimulatorOptions { Users = 3000 }, Now);
        var people = org.People;
        int DaysIdle(Person p) => (int)(Now - p.LastActivity!.Value).TotalDays;

        Assert.Contains(people, p => p.LastActivity is { } la && la.Date == Now.Date);
        foreach (var (from, to) in new[] { (30, 59), (60, 89), (90, 119) })
        {
            Assert.Contains(people, p => p.LastActivity is not null && DaysIdle(p) >= from && DaysIdle(p) <= to);
        }

        Assert.Contains(people, p => p.LastActivity is not null && DaysIdle(p) >= 120);
        Assert.Contains(people, p => p.LastActivity is null && !p.InvitePending);
        Assert.Contains(people, p => p.Type == PersonType.Bot);
        Assert.Contains(people, p => p.Type == PersonType.AppUser);
        Assert.Contains(people, p => p.InvitePending && p.LastActivity is null);
        Assert.Contains(people, p => !p.LoginEnabled);
        Assert.All(people.Where(p => p.LastActivity is not null), p => Assert.True(p.LastActivity <= Now));
    }

    [Fact]
    public void Licenses_follow_the_catalog_rules()
    {
        var org = OrgGenerator.Generate(new SimulatorOptions { Users = 2000 }, Now);
        var persons = org.People.Where(p => p.Type == PersonType.Person).ToList();
        Assert.All(persons, p => Assert.True(p.Holds(OrgGenerator.BasicMessagingLicense) && p.Holds(OrgGenerator.ScreenShareLicense)));
        double Share(int license) => persons.Count(p => p.Holds(license)) / (double)persons.Count;
        Assert.InRange(Share(OrgGenerator.MeetingsLicense), 0.75, 0.95);
        Assert.InRange(Share(OrgGenerator.CallingLicense), 0.2, 0.5);
        Assert.InRange(Share(OrgGenerator.AdvancedMessagingLicense), 0.1, 0.4);
        Assert.True(org.Licenses[OrgGenerator.ScreenShareLicense].Implicit);
        Assert.Null(org.Licenses[OrgGenerator.BasicMessagingLicense].SubscriptionId);
    }

    [Fact]
    public void History_is_inside_the_window_sorted_and_consistent_with_last_activity()
    {
        var options = new SimulatorOptions { Users = 1000 };
        var org = OrgGenerator.Generate(options, Now);
        var windowStart = Now.AddDays(-options.ActivityDays).UtcTicks;
        Assert.InRange(org.Events.Count, 8000, 40000);
        Assert.NotEmpty(org.Meetings);
        Assert.NotEmpty(org.AuditEvents);
        for (var i = 0; i < org.Events.Count; i++)
        {
            var e = org.Events[i];
            Assert.InRange(e.Ticks, windowStart, Now.UtcTicks);
            Assert.True(e.Ticks <= org.AllPeople[e.Actor].LastActivity!.Value.UtcTicks, "no event after the actor's last activity");
            Assert.True(i == 0 || HistoryOrder.Compare(org.Events[i - 1].Ticks, org.Events[i - 1].Sequence, e.Ticks, e.Sequence) < 0);
        }

        Assert.All(org.Meetings, m => Assert.All(m.Attendees, a => Assert.True(m.StartTicks <= org.AllPeople[a].LastActivity!.Value.UtcTicks)));
        Assert.Contains(org.Events, e => e.Ticks > Now.AddDays(-1).UtcTicks);
    }

    [Fact]
    public void Events_volume_follows_the_parameter()
    {
        var normal = OrgGenerator.Generate(new SimulatorOptions { Users = 500 }, Now).Events.Count;
        var double_ = OrgGenerator.Generate(new SimulatorOptions { Users = 500, EventsPerActiveUserPer60Days = 40 }, Now).Events.Count;
        Assert.InRange(double_ / (double)normal, 1.7, 2.3);
    }

    [Fact]
    public async Task Same_seed_serves_the_same_org_and_another_seed_differs()
    {
        async Task<(string People, string Events)> FirstPages(int seed)
        {
            await using var h = await SimulatorHarness.StartAsync(new SimulatorOptions { Users = 500, Seed = seed, Clock = new FakeTimeProvider(Now) });
            var token = h.Token("spark-admin:people_read", "spark-compliance:events_read");
            var people = await h.GetJsonAsync("v1/people?max=100", token);
            var events = await h.GetJsonAsync("v1/events?max=100", token);
            return (people.GetRawText(), events.GetRawText());
        }

        var first = await FirstPages(7);
        var again = await FirstPages(7);
        var other = await FirstPages(8);
        Assert.Equal(first.People, again.People);
        Assert.Equal(first.Events, again.Events);
        Assert.NotEqual(first.People, other.People);
        Assert.NotEqual(first.Events, other.Events);
    }
}
