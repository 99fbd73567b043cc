using System.Globalization;
using System.Net;
using Microsoft.Extensions.Time.Testing;
using ProfileEngine.WebexSimulator;

namespace ProfileEngine.Tests.WebexSimulator;

/// <summary>
/// The usage report lists a session only once it ended and <see cref="SimulatorOptions.UsageReportDelay"/> passed
/// (Webex: report data is available within 24 hours after the meeting ends).
/// </summary>
public sealed class UsageReportDelayTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("trainingHosted", "TrainingCenter", 45)]
    [InlineData("eventHosted", "EventCenter", 45)]
    [InlineData("supportHosted", "SupportCenter", 45)]
    [InlineData("meetingHosted", "MeetingCenter", 30)]
    public async Task A_session_shows_only_once_its_end_plus_the_delay_has_passed(string kind, string serviceType, int minutes)
    {
        var clock = new FakeTimeProvider(Start);
        await using var h = await SimulatorHarness.StartAsync(new SimulatorOptions { Users = 200, Clock = clock, UsageReportDelay = TimeSpan.FromHours(24) });
        var host = h.Sim.State.Data.AllPeople[h.Sim.State.Data.SecondAdmin];
        var started = Start.AddHours(-2);
        h.Sim.State.AppendActivity(host.Id, kind, started);
        var ended = started.AddMinutes(minutes);

        clock.SetUtcNow(ended.AddHours(24).AddSeconds(-1));
        Assert.False(await ReportedAsync(h, serviceType, started, host.Email));

        clock.SetUtcNow(ended.AddHours(24));
        Assert.True(await ReportedAsync(h, serviceType, started, host.Email));
    }

    [Fact]
    public async Task With_no_delay_a_session_shows_when_it_ends_and_not_while_it_runs()
    {
        var clock = new FakeTimeProvider(Start);
        await using var h = await SimulatorHarness.StartAsync(new SimulatorOptions { Users = 200, Clock = clock });
        var host = h.Sim.State.Data.AllPeople[h.Sim.State.Data.SecondAdmin];
        var started = Start.AddMinutes(-10);
        h.Sim.State.AppendActivity(host.Id, "trainingHosted", started);

        Assert.Equal(TimeSpan.Zero, h.Sim.State.UsageReportDelay);
        Assert.False(await ReportedAsync(h, "TrainingCenter", started, host.Email));

        clock.Advance(TimeSpan.FromMinutes(35));
        Assert.True(await ReportedAsync(h, "TrainingCenter", started, host.Email));
    }

    [Fact]
    public async Task The_delay_changes_at_run_time_in_process_and_through_the_control_api()
    {
        await using var h = await SimulatorHarness.StartAsync(new SimulatorOptions { Users = 200, Clock = new FakeTimeProvider(Start) });
        var host = h.Sim.State.Data.AllPeople[h.Sim.State.Data.SecondAdmin];
        var started = Start.AddHours(-3);
        h.Sim.State.AppendActivity(host.Id, "supportHosted", started);
        Assert.True(await ReportedAsync(h, "SupportCenter", started, host.Email));

        var set = await h.ControlAsync(HttpMethod.Put, "_sim/reports", new { usageDelaySeconds = 86400 });
        Assert.Equal(86400, set.GetProperty("usageDelaySeconds").GetInt64());
        Assert.Equal(TimeSpan.FromHours(24), h.Sim.State.UsageReportDelay);
        Assert.Equal(86400, (await h.ControlAsync(HttpMethod.Get, "_sim/reports")).GetProperty("usageDelaySeconds").GetInt64());
        Assert.False(await ReportedAsync(h, "SupportCenter", started, host.Email));

        h.Sim.State.SetUsageReportDelay(TimeSpan.FromHours(2));
        Assert.True(await ReportedAsync(h, "SupportCenter", started, host.Email));

        using var negative = await h.SendJsonAsync(HttpMethod.Put, "_sim/reports", new { usageDelaySeconds = -1 });
        Assert.Equal(HttpStatusCode.BadRequest, negative.StatusCode);
        using var missing = await h.SendJsonAsync(HttpMethod.Put, "_sim/reports", new { });
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal(TimeSpan.FromHours(2), h.Sim.State.UsageReportDelay);
    }

    private static async Task<bool> ReportedAsync(SimulatorHarness h, string serviceType, DateTimeOffset started, string hostEmail)
    {
        var now = h.Sim.State.Now;
        var url = $"v1/meetingReports/usage?siteUrl={h.Sim.State.Data.SiteUrl}&serviceType={serviceType}&from={Iso(now.AddDays(-20))}&to={Iso(now)}&max=1000";
        var items = (await h.GetAllPagesAsync(url, h.Token("meeting:admin_schedule_read"))).SelectMany(p => p);
        return items.Any(i => i.GetProperty("hostEmail").GetString() == hostEmail && i.GetProperty("start").GetString() == Iso(started));
    }

    private static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
