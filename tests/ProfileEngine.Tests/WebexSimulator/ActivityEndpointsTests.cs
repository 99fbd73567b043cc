using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using ProfileEngine.WebexSimulator.OAuth;
using ProfileEngine.WebexSimulator;

namespace ProfileEngine.Tests.WebexSimulator;

public sealed class ActivityEndpointsTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Events_page_newest_first_with_links_only_while_more_remain()
    {
        await using var h = await StartAsync(300);
        var token = h.Token("spark-compliance:events_read");
        var total = (await h.ControlAsync(HttpMethod.Get, "_sim/org")).GetProperty("events").GetInt32();
        Assert.True(total > 2000, $"only {total} events");

        var pages = await h.GetAllPagesAsync("v1/events?max=1000", token);
        Assert.All(pages.SkipLast(1), p => Assert.Equal(1000, p.Count));
        Assert.Equal(total, pages.Sum(p => p.Count));
        var items = pages.SelectMany(p => p).ToList();
        Assert.Equal(total, items.Select(e => e.GetProperty("id").GetString()).Distinct().Count());
        var times = items.Select(e => Time(e, "created")).ToList();
        Assert.True(times.Zip(times.Skip(1)).All(pair => pair.First >= pair.Second), "newest first");

        var clamped = await h.GetJsonAsync("v1/events?max=5000", token);
        Assert.Equal(1000, clamped.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Events_filter_by_resource_actor_and_window()
    {
        await using var h = await StartAsync(300);
        var token = h.Token("spark-compliance:events_read");
        var files = await h.GetAllPagesAsync("v1/events?resource=files&max=1000", token);
        Assert.NotEmpty(files.SelectMany(p => p));
        Assert.All(files.SelectMany(p => p), e => Assert.Equal("files", e.GetProperty("resource").GetString()));

        var actor = files[0][0].GetProperty("actorId").GetString()!;
        var byActor = (await h.GetAllPagesAsync($"v1/events?actorId={actor}&max=50", token)).SelectMany(p => p).ToList();
        Assert.NotEmpty(byActor);
        Assert.All(byActor, e => Assert.Equal(actor, e.GetProperty("actorId").GetString()));

        var from = Start.AddDays(-30);
        var to = Start.AddDays(-10);
        var window = (await h.GetAllPagesAsync($"v1/events?from={Iso(from)}&to={Iso(to)}&max=500", token)).SelectMany(p => p).ToList();
        Assert.NotEmpty(window);
        Assert.All(window, e => Assert.InRange(Time(e, "created"), from, to.AddTicks(-1)));

        var calls = await h.GetJsonAsync("v1/events?resource=call_records&max=1", token);
        var call = calls.GetProperty("items")[0];
        Assert.Equal(call.GetProperty("actorId").GetString(), call.GetProperty("data").GetProperty("userId").GetString());

        using var bad = await h.GetAsync("v1/events?resource=bogus", token);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task Admin_audit_requires_org_from_and_to_and_pages_by_offset()
    {
        await using var h = await StartAsync(300);
        var token = h.Token("audit:events_read");
        var org = h.Sim.Org.OrgId;
        var from = Iso(Start.AddDays(-120));
        var to = Iso(Start.AddMinutes(1));
        foreach (var (query, missing) in new[] { ($"from={from}&to={to}", "orgId"), ($"orgId={org}&to={to}", "from"), ($"orgId={org}&from={from}", "to") })
        {
            using var response = await h.GetAsync("v1/adminAudit/events?" + query, token);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains($"The {missing} parameter is required", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var all = (await h.GetJsonAsync($"v1/adminAudit/events?orgId={org}&from={from}&to={to}&max=1000", token)).GetProperty("items").EnumerateArray().ToList();
        Assert.InRange(all.Count, 20, 200);
        var pages = await h.GetAllPagesAsync($"v1/adminAudit/events?orgId={org}&from={from}&to={to}&max=7", token);
        Assert.All(pages.SkipLast(1), p => Assert.Equal(7, p.Count));
        Assert.Equal(all.Select(e => e.GetProperty("id").GetString()), pages.SelectMany(p => p).Select(e => e.GetProperty("id").GetString()));
        Assert.Contains(all, e => e.GetProperty("data").GetProperty("eventCategory").GetString() == "EventCategory.LOGINS");
    }

    [Fact]
    public async Task Meetings_list_org_wide_instances_with_paging_and_a_clamped_max()
    {
        await using var h = await StartAsync(400);
        var token = h.Token("meeting:admin_schedule_read");
        var from = Start.AddDays(-30);
        var url = $"v1/meetings?meetingType=meeting&from={Iso(from)}&to={Iso(Start)}";
        var pages = await h.GetAllPagesAsync(url + "&max=500", token);
        Assert.True(pages.Count > 1, "more than 100 meetings in 30 days");
        Assert.All(pages.SkipLast(1), p => Assert.Equal(100, p.Count));
        var meetings = pages.SelectMany(p => p).ToList();
        Assert.Equal(meetings.Count, meetings.Select(m => m.GetProperty("id").GetString()).Distinct().Count());
        Assert.All(meetings, m => Assert.InRange(Time(m, "start"), from, Start));
        Assert.Contains(meetings, m => m.GetProperty("hostEmail").GetString() != meetings[0].GetProperty("hostEmail").GetString());

        var byDefault = await h.GetJsonAsync(url, token);
        Assert.Equal(10, byDefault.GetProperty("items").GetArrayLength());

        using var noType = await h.GetAsync("v1/meetings", token);
        Assert.Equal(HttpStatusCode.BadRequest, noType.StatusCode);
    }

    [Fact]
    public async Task Messages_are_sent_to_a_person_and_kept_in_the_log()
    {
        await using var h = await StartAsync(50);
        var token = h.Token("spark:messages_write", "spark-admin:people_read");
        var recipient = (await h.GetJsonAsync("v1/people?max=5", token)).GetProperty("items")[3];
        var recipientId = recipient.GetProperty("id").GetString()!;

        using var byId = await h.SendJsonAsync(HttpMethod.Post, "v1/messages", new { toPersonId = recipientId, markdown = "**Keep** your license?" }, token);
        Assert.Equal(HttpStatusCode.OK, byId.StatusCode);
        using var byEmail = await h.SendJsonAsync(HttpMethod.Post, "v1/messages", new { toPersonEmail = "someone@example.com", text = "hello" }, token);
        Assert.Equal(HttpStatusCode.OK, byEmail.StatusCode);
        using var noText = await h.SendJsonAsync(HttpMethod.Post, "v1/messages", new { toPersonEmail = "someone@example.com" }, token);
        Assert.Equal(HttpStatusCode.BadRequest, noText.StatusCode);
        using var noScope = await h.SendJsonAsync(HttpMethod.Post, "v1/messages", new { toPersonEmail = "a@b.c", text = "x" }, h.Token("spark-admin:people_read"));
        Assert.Equal(HttpStatusCode.Forbidden, noScope.StatusCode);
        Assert.Contains(Access.ForbiddenMessage, await noScope.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var log = (await h.ControlAsync(HttpMethod.Get, "_sim/messages")).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(2, log.Count);
        Assert.Equal(recipient.GetProperty("emails")[0].GetString(), log[0].GetProperty("toPersonEmail").GetString());
        Assert.Equal("**Keep** your license?", log[0].GetProperty("markdown").GetString());
        Assert.Equal(h.Sim.Org.AdminEmail, log[1].GetProperty("personEmail").GetString());
    }

    private static Task<SimulatorHarness> StartAsync(int users) =>
        SimulatorHarness.StartAsync(new SimulatorOptions { Users = users, Clock = new FakeTimeProvider(Start) });

    private static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static DateTimeOffset Time(JsonElement item, string property) =>
        DateTimeOffset.Parse(item.GetProperty(property).GetString()!, CultureInfo.InvariantCulture);
}
