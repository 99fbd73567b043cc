using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.Time.Testing;
using ProfileEngine.WebexSimulator;

namespace ProfileEngine.Tests.WebexSimulator;

public sealed class ControlApiTests
{
    private const string Read = "spark-admin:people_read";

    [Fact]
    public async Task Org_summary_describes_the_generated_org()
    {
        await using var h = await SimulatorHarness.StartAsync(new SimulatorOptions { Users = 400 });
        var summary = await h.ControlAsync(HttpMethod.Get, "_sim/org");
        Assert.Equal(h.Sim.Org.OrgId, summary.GetProperty("orgId").GetString());
        Assert.Equal(h.Sim.Org.OrgUuid, summary.GetProperty("orgUuid").GetString());
        Assert.Equal(h.Sim.Org.ClientId, summary.GetProperty("clientId").GetString());
        Assert.Equal(400, summary.GetProperty("people").GetInt32());
        Assert.True(summary.GetProperty("invitePending").GetInt32() > 0);
        Assert.Equal(8, summary.GetProperty("licenses").GetArrayLength());
        Assert.True(summary.GetProperty("events").GetInt32() > 0);
        Assert.True(summary.GetProperty("meetings").GetInt32() > 0);
    }

    [Fact]
    public async Task Clock_can_be_set_and_advanced_unless_the_test_owns_it()
    {
        await using (var h = await SimulatorHarness.StartAsync(new SimulatorOptions { Users = 10 }))
        {
            var set = await h.ControlAsync(HttpMethod.Put, "_sim/clock", new { now = "2027-01-01T00:00:00.000Z" });
            Assert.Equal("2027-01-01T00:00:00", set.GetProperty("now").GetString()![..19]);
            var moved = await h.ControlAsync(HttpMethod.Put, "_sim/clock", new { advanceSeconds = 3600 });
            Assert.Equal("2027-01-01T01:00:00", moved.GetProperty("now").GetString()![..19]);
            Assert.Equal("2027-01-01T01:00:00", (await h.ControlAsync(HttpMethod.Get, "_sim/clock")).GetProperty("now").GetString()![..19]);
        }

        await using (var owned = await SimulatorHarness.StartAsync(new SimulatorOptions { Users = 10, Clock = new FakeTimeProvider() }))
        {
            using var refused = await owned.Http.PutAsJsonAsync("_sim/clock", new { advanceSeconds = 10 });
            Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
            Assert.Contains("trackingId", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task People_can_be_added_changed_deactivated_and_removed()
    {
        await using var h = await SimulatorHarness.StartAsync(new SimulatorOptions { Users = 30 });
        var token = h.Token(Read, "identity:people_read");
        var licenses = (await h.ControlAsync(HttpMethod.Get, "_sim/org")).GetProperty("licenses");
        var calling = licenses.EnumerateArray().Single(l => l.GetProperty("name").GetString() == "Webex Calling - Professional").GetProperty("id").GetString()!;

        var added = await h.ControlAsync(HttpMethod.Post, "_sim/people", new { email = "new.hire@example.com", displayName = "New Hire", licenses = new[] { calling } });
        var id = added.GetProperty("id").GetString()!;
        var listed = await h.GetJsonAsync("v1/people?email=new.hire@example.com", token);
        Assert.Equal(id, listed.GetProperty("items")[0].GetProperty("id").GetString());
        Assert.Contains(calling, listed.GetProperty("items")[0].GetProperty("licenses").EnumerateArray().Select(l => l.GetString()));
        Assert.False(listed.GetProperty("items")[0].TryGetProperty("lastActivity", out _));

        await h.ControlAsync(HttpMethod.Patch, $"_sim/people/{id}", new { displayName = "Renamed Hire", invitePending = true });
        var changed = await h.GetJsonAsync($"v1/people/{id}", token);
        Assert.Equal("Renamed Hire", changed.GetProperty("displayName").GetString());
        Assert.True(changed.GetProperty("invitePending").GetBoolean());

        await h.ControlAsync(HttpMethod.Post, $"_sim/people/{id}/deactivate");
        Assert.False((await h.GetJsonAsync($"v1/people/{id}", token)).GetProperty("loginEnabled").GetBoolean());
        var uuid = PeopleTests.DecodeId(id).Split('/')[^1];
        var scim = await h.GetJsonAsync($"identity/scim/{h.Sim.Org.OrgUuid}/v2/Users?filter={Uri.EscapeDataString($"id eq \"{uuid}\"")}", token);
        Assert.False(scim.GetProperty("Resources")[0].GetProperty("active").GetBoolean());

        await h.ControlAsync(HttpMethod.Post, "_sim/licenses/unassign", new { personId = id, licenseId = calling });
        Assert.DoesNotContain(calling, (await h.GetJsonAsync($"v1/people/{id}", token)).GetProperty("licenses").EnumerateArray().Select(l => l.GetString()));
        await h.ControlAsync(HttpMethod.Post, "_sim/licenses/assign", new { personId = id, licenseId = calling });
        Assert.Contains(calling, (await h.GetJsonAsync($"v1/people/{id}", token)).GetProperty("licenses").EnumerateArray().Select(l => l.GetString()));

        await h.ControlAsync(HttpMethod.Delete, $"_sim/people/{id}");
        using var gone = await h.GetAsync($"v1/people/{id}", token);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);

        using var unknown = await h.Http.PostAsJsonAsync("_sim/licenses/assign", new { personId = "nobody", licenseId = calling });
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        using var duplicate = await h.Http.PostAsJsonAsync("_sim/people", new { email = h.Sim.Org.AdminEmail, displayName = "Copy" });
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
    }

    [Fact]
    public async Task Appended_activity_moves_last_activity_and_shows_in_the_apis()
    {
        var start = new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);
        var clock = new FakeTimeProvider(start);
        await using var h = await SimulatorHarness.StartAsync(new SimulatorOptions { Users = 100, Clock = clock });
        var token = h.Token(Read, "spark-compliance:events_read", "meeting:admin_schedule_read", "meeting:admin_participants_read", "audit:events_read");
        var person = (await h.GetJsonAsync("v1/people?max=1000", token)).GetProperty("items").EnumerateArray()
            .First(p => !p.TryGetProperty("lastActivity", out _) && p.GetProperty("type").GetString() == "person");
        var id = person.GetProperty("id").GetString()!;

        clock.Advance(TimeSpan.FromMinutes(5));
        await h.ControlAsync(HttpMethod.Post, "_sim/activity", new { personId = id, kind = "message" });
        var after = await h.GetJsonAsync($"v1/people/{id}", token);
        Assert.Equal("2026-11-22T10:05:00.000Z", after.GetProperty("lastActivity").GetString());
        Assert.Equal("active", after.GetProperty("status").GetString());
        var events = await h.GetJsonAsync($"v1/events?actorId={id}", token);
        Assert.Equal("messages", events.GetProperty("items").EnumerateArray().Single().GetProperty("resource").GetString());

        // Activity in the past never moves last activity back.
        await h.ControlAsync(HttpMethod.Post, "_sim/activity", new { personId = id, kind = "meetingAttended", at = "2026-11-20T09:00:00.000Z" });
        Assert.Equal("2026-11-22T10:05:00.000Z", (await h.GetJsonAsync($"v1/people/{id}", token)).GetProperty("lastActivity").GetString());
        var meetings = await h.GetJsonAsync("v1/meetings?meetingType=meeting&from=2026-11-20T09:00:00Z&to=2026-11-20T09:00:01Z", token);
        var meetingId = meetings.GetProperty("items").EnumerateArray().Single().GetProperty("id").GetString()!;
        var participants = await h.GetJsonAsync($"v1/meetingParticipants?meetingId={meetingId}", token);
        Assert.Contains(participants.GetProperty("items").EnumerateArray(), p => p.GetProperty("email").GetString() == person.GetProperty("emails")[0].GetString());

        await h.ControlAsync(HttpMethod.Post, "_sim/activity", new { personId = id, kind = "adminLogin" });
        var audit = await h.GetJsonAsync($"v1/adminAudit/events?orgId={h.Sim.Org.OrgId}&from=2026-11-22T10:04:00Z&to=2026-11-22T10:06:00Z&actorId={id}", token);
        Assert.Single(audit.GetProperty("items").EnumerateArray());

        using var bad = await h.Http.PostAsJsonAsync("_sim/activity", new { personId = id, kind = "dancing" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task Reset_regenerates_the_org_and_clears_faults_counters_and_messages()
    {
        await using var h = await SimulatorHarness.StartAsync(new SimulatorOptions { Users = 40, Clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.Zero)) });
        var token = h.Token(Read, "spark:messages_write");
        var before = (await h.GetJsonAsync("v1/people?max=100", token)).GetRawText();
        var firstId = (await h.GetJsonAsync("v1/people?max=1", token)).GetProperty("items")[0].GetProperty("id").GetString();
        await h.ControlAsync(HttpMethod.Delete, $"_sim/people/{firstId}");
        using (await h.SendJsonAsync(HttpMethod.Post, "v1/messages", new { toPersonEmail = "a@b.c", text = "x" }, token))
        {
        }

        await h.ControlAsync(HttpMethod.Put, "_sim/faults", new { errorShare = 1.0 });
        await h.ControlAsync(HttpMethod.Post, "_sim/reset");

        Assert.Equal(before, (await h.GetJsonAsync("v1/people?max=100", token)).GetRawText());
        Assert.Equal(0, (await h.ControlAsync(HttpMethod.Get, "_sim/messages")).GetProperty("items").GetArrayLength());
        Assert.Equal(1, (await h.ControlAsync(HttpMethod.Get, "_sim/requests")).GetProperty("total").GetInt32());
    }
}
