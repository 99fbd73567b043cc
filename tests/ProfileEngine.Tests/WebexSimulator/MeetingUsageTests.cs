using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using ProfileEngine.WebexSimulator;
using ProfileEngine.WebexSimulator.Org;

namespace ProfileEngine.Tests.WebexSimulator;

public sealed class MeetingUsageTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("TrainingCenter", SessionService.TrainingCenter)]
    [InlineData("EventCenter", SessionService.EventCenter)]
    [InlineData("SupportCenter", SessionService.SupportCenter)]
    public async Task A_service_types_sessions_page_newest_first_and_name_their_hosts(string serviceType, SessionService service)
    {
        await using var h = await StartAsync(1500);
        var site = h.Sim.State.Data.SiteUrl;
        var from = Start.AddDays(-30);
        var expected = h.Sim.State.Data.Sessions
            .Where(s => s.Service == service && s.StartTicks >= from.UtcTicks)
            .OrderByDescending(s => s.StartTicks).ThenByDescending(s => s.Sequence)
            .Select(s => (Email: h.Sim.State.Data.AllPeople[s.Host].Email, Start: new DateTimeOffset(s.StartTicks, TimeSpan.Zero)))
            .ToList();
        Assert.True(expected.Count > 5, $"only {expected.Count} {serviceType} sessions");

        var pages = await h.GetAllPagesAsync($"v1/meetingReports/usage?siteUrl={site}&serviceType={serviceType}&from={Iso(from)}&to={Iso(Start)}&max=7", Token(h));

        Assert.All(pages.SkipLast(1), p => Assert.Equal(7, p.Count));
        var items = pages.SelectMany(p => p).ToList();
        Assert.Equal(expected, items.Select(i => (i.GetProperty("hostEmail").GetString()!, Time(i, "start"))).ToList());
        Assert.All(items, i => Assert.Equal(serviceType, i.GetProperty("serviceType").GetString()));
        Assert.Equal(items.Count, items.Select(i => i.GetProperty("meetingId").GetString()).Distinct().Count());
        Assert.All(expected, e => Assert.True(h.Sim.State.Data.PeopleByEmail[e.Email].LastActivity >= e.Start, "a session after its host's last activity"));
    }

    [Fact]
    public async Task Hosts_of_generated_sessions_hold_the_sites_license_of_that_kind()
    {
        await using var h = await StartAsync(1500);
        var org = h.Sim.State.Data;
        var licenseOf = new Dictionary<SessionService, string>
        {
            [SessionService.TrainingCenter] = "Training Center",
            [SessionService.EventCenter] = "Event Center",
            [SessionService.SupportCenter] = "Support Center",
        };

        Assert.NotEmpty(org.Sessions);
        Assert.All(org.Sessions, s =>
        {
            var license = org.Licenses.Single(l => l.Name == licenseOf[s.Service]);
            Assert.Equal(org.SiteUrl, license.SiteUrl);
            Assert.True(org.AllPeople[s.Host].Holds(license.Index));
        });
    }

    [Fact]
    public async Task Without_a_service_type_the_report_lists_meetings()
    {
        await using var h = await StartAsync(300);
        var site = h.Sim.State.Data.SiteUrl;
        // Meetings still running at Start are not in a report of ended sessions yet.
        var expected = h.Sim.State.Data.Meetings.Count(m => m.StartTicks >= Start.AddDays(-7).UtcTicks
            && m.StartTicks + (m.DurationMinutes * TimeSpan.TicksPerMinute) <= Start.UtcTicks);

        var items = (await h.GetAllPagesAsync($"v1/meetingReports/usage?siteUrl={site}&max=1000", Token(h))).SelectMany(p => p).ToList();

        Assert.Equal(expected, items.Count);
        Assert.All(items, i => Assert.Equal("MeetingCenter", i.GetProperty("serviceType").GetString()));
    }

    [Theory]
    [InlineData("serviceType=TrainingCenter", "siteUrl is required")]
    [InlineData("siteUrl=other.webex.com", "not a site of this organization")]
    [InlineData("siteUrl={site}&serviceType=Training", "serviceType 'Training' is not valid")]
    [InlineData("siteUrl={site}&from=2026-10-01T00:00:00Z&to=2026-11-01T00:00:01Z", "cannot exceed 30 days")]
    [InlineData("siteUrl={site}&from=2026-08-23T00:00:00Z&to=2026-09-01T00:00:00Z", "cannot be earlier than 90 days ago")]
    [InlineData("siteUrl={site}&from=2026-11-10T00:00:00Z&to=2026-11-01T00:00:00Z", "from cannot be after to")]
    [InlineData("siteUrl={site}&max=0", "max must be greater than 0")]
    [InlineData("siteUrl={site}&max=1001", "max must be greater than 0")]
    public async Task Documented_limits_are_refused_with_a_webex_error(string query, string message)
    {
        await using var h = await StartAsync(50);

        using var response = await h.GetAsync("v1/meetingReports/usage?" + query.Replace("{site}", h.Sim.State.Data.SiteUrl, StringComparison.Ordinal), Token(h));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await SimulatorHarness.ReadJsonAsync(response);
        Assert.Contains(message, body.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(body.GetProperty("trackingId").GetString()));
    }

    [Fact]
    public async Task Hosting_shows_in_the_report_and_attending_names_someone_else()
    {
        await using var h = await StartAsync(50);
        var person = h.Sim.State.Data.People.First(p => p.Ordinal > 1 && p.Type == PersonType.Person);
        h.Sim.State.AppendActivity(person.Id, "supportHosted", Start.AddHours(-2));
        h.Sim.State.AppendActivity(person.Id, "supportAttended", Start.AddHours(-1));

        var items = (await h.GetAllPagesAsync($"v1/meetingReports/usage?siteUrl={h.Sim.State.Data.SiteUrl}&serviceType=SupportCenter&from={Iso(Start.AddHours(-3))}&to={Iso(Start)}", Token(h))).SelectMany(p => p)
            .Where(i => Time(i, "start") >= Start.AddHours(-2)).ToList();

        Assert.Equal(2, items.Count);
        Assert.Equal(h.Sim.State.Data.AllPeople[0].Email, items[0].GetProperty("hostEmail").GetString());
        Assert.Equal(person.Email, items[1].GetProperty("hostEmail").GetString());
    }

    [Fact]
    public async Task The_report_needs_the_admin_meetings_scope()
    {
        await using var h = await StartAsync(50);

        using var response = await h.GetAsync($"v1/meetingReports/usage?siteUrl={h.Sim.State.Data.SiteUrl}", h.Token("spark-admin:people_read"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    private static string Token(SimulatorHarness h) => h.Token("meeting:admin_schedule_read");

    private static Task<SimulatorHarness> StartAsync(int users) =>
        SimulatorHarness.StartAsync(new SimulatorOptions { Users = users, Clock = new FakeTimeProvider(Start) });

    private static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static DateTimeOffset Time(JsonElement item, string property) =>
        DateTimeOffset.Parse(item.GetProperty(property).GetString()!, CultureInfo.InvariantCulture);
}
