using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using ProfileEngine.WebexSimulator;
using ProfileEngine.WebexSimulator.Meetings;
using ProfileEngine.WebexSimulator.Org;

namespace ProfileEngine.Tests.WebexSimulator;

/// <summary>
/// Whose meetings <c>GET /v1/meetings</c> and <c>GET /v1/meetings/{meetingId}</c> show, as Cisco's spec
/// (webex-meeting.json, /meetings, param hostEmail) describes: the caller's own, hosted or invited; another user's
/// only with an admin scope and hostEmail; the whole org only for a full admin without hostEmail.
/// </summary>
public sealed class MeetingsAudienceTests
{
    private const string AdminScope = "meeting:admin_schedule_read";
    private const string UserScope = MeetingsEndpoints.OwnMeetingsRead;
    private static readonly DateTimeOffset Start = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);
    private static readonly string Window = $"meetingType=meeting&from={Iso(Start.AddDays(-30))}&to={Iso(Start)}&max=100";

    [Fact]
    public async Task A_user_token_lists_the_callers_hosted_and_invited_meetings_only()
    {
        await using var h = await StartAsync();
        var person = Holder(h);
        var (hosted, invited) = HostAndAttend(h, person);
        var token = TokenOf(h, person, UserScope);

        var items = await ListAsync(h, "v1/meetings?" + Window, token);

        Assert.Equal(ExpectedIds(h, person), Ids(items));
        Assert.Contains(hosted, Ids(items));
        Assert.Contains(invited, Ids(items));
        var others = h.Sim.State.Data.Meetings.Count(m => m.StartTicks >= Start.AddDays(-30).UtcTicks && m.Host != person.Ordinal);
        Assert.True(items.Count < others, "the org's other meetings are not listed");
    }

    [Fact]
    public async Task With_only_the_user_scope_hostEmail_is_ignored()
    {
        await using var h = await StartAsync();
        var person = Holder(h);
        HostAndAttend(h, person);
        var other = h.Sim.State.Data.AllPeople[h.Sim.State.Data.SecondAdmin];

        var items = await ListAsync(h, $"v1/meetings?{Window}&hostEmail={Uri.EscapeDataString(other.Email)}", TokenOf(h, person, UserScope));

        Assert.Equal(ExpectedIds(h, person), Ids(items));
    }

    [Fact]
    public async Task An_admin_sees_another_users_hosted_and_invited_meetings_through_hostEmail_each_naming_its_host()
    {
        await using var h = await StartAsync();
        var person = Holder(h);
        var (hosted, invited) = HostAndAttend(h, person);
        var admin = h.Token(AdminScope);

        var items = await ListAsync(h, $"v1/meetings?{Window}&hostEmail={Uri.EscapeDataString(person.Email)}", admin);

        Assert.Equal(ExpectedIds(h, person), Ids(items));
        Assert.Contains(invited, Ids(items));
        var org = h.Sim.State.Data;
        Assert.All(items, item =>
        {
            var host = org.PeopleByEmail[item.GetProperty("hostEmail").GetString()!];
            Assert.Equal(host.Id, item.GetProperty("hostUserId").GetString());
            Assert.Equal(host.DisplayName, item.GetProperty("hostDisplayName").GetString());
        });
        Assert.Equal(person.Email, items.Single(i => i.GetProperty("id").GetString() == hosted).GetProperty("hostEmail").GetString());
        Assert.NotEqual(person.Email, items.Single(i => i.GetProperty("id").GetString() == invited).GetProperty("hostEmail").GetString());

        var unknown = await h.GetJsonAsync($"v1/meetings?{Window}&hostEmail=nobody%40example.com", admin);
        Assert.Empty(unknown.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task An_admin_scope_without_the_full_administrator_role_lists_only_its_own_meetings()
    {
        await using var h = await StartAsync();
        var primary = h.Sim.State.Data.AllPeople[h.Sim.State.Data.PrimaryAdmin];
        var complianceOnly = h.Sim.IssueToken([AdminScope], [SimulatorState.ComplianceOfficer]).AccessToken;
        var fullAdmin = h.Token(AdminScope);

        var own = await ListAsync(h, "v1/meetings?" + Window, complianceOnly);
        var org = await ListAsync(h, "v1/meetings?" + Window, fullAdmin);

        Assert.Equal(ExpectedIds(h, primary), Ids(own));
        Assert.True(org.Count > own.Count, "a full admin lists the org's ended instances (spec: full admin + meeting:admin_schedule_read + meetingType=meeting)");
        Assert.Contains(org, m => m.GetProperty("hostEmail").GetString() != primary.Email);
    }

    [Fact]
    public async Task An_ended_instance_is_listed_and_readable_only_15_minutes_after_its_end()
    {
        var clock = new FakeTimeProvider(Start);
        await using var h = await SimulatorHarness.StartAsync(new SimulatorOptions { Users = 200, Clock = clock });
        var person = Holder(h);
        h.Sim.State.AppendActivity(person.Id, "meetingHosted", Start.AddMinutes(-40)); // 30 minutes long: ended 10 minutes ago
        var id = MeetingJson.InstanceId(h.Sim.State.Data, h.Sim.State.Data.Meetings.Single(m => m.Host == person.Ordinal && m.StartTicks == Start.AddMinutes(-40).UtcTicks));
        var token = TokenOf(h, person, UserScope);
        var url = $"v1/meetings?meetingType=meeting&from={Iso(Start.AddHours(-1))}&to={Iso(Start)}";

        Assert.DoesNotContain(id, Ids(await ListAsync(h, url, token)));
        using (var early = await h.GetAsync($"v1/meetings/{id}", token))
        {
            Assert.Equal(HttpStatusCode.NotFound, early.StatusCode);
        }

        clock.Advance(TimeSpan.FromMinutes(5));

        Assert.Contains(id, Ids(await ListAsync(h, url, token)));
        Assert.Equal(id, (await h.GetJsonAsync($"v1/meetings/{id}", token)).GetProperty("id").GetString());
    }

    [Fact]
    public async Task Get_meeting_answers_the_callers_or_the_hosts_meeting_and_a_webex_404_otherwise()
    {
        await using var h = await StartAsync();
        var person = Holder(h);
        var (hosted, invited) = HostAndAttend(h, person);
        var userToken = TokenOf(h, person, UserScope);
        var admin = h.Token(AdminScope);
        var invitedHost = h.Sim.State.Data.AllPeople[h.Sim.State.Data.PrimaryAdmin];

        var own = await h.GetJsonAsync($"v1/meetings/{hosted}", userToken);
        Assert.Equal(hosted, own.GetProperty("id").GetString());
        Assert.Equal(person.Email, own.GetProperty("hostEmail").GetString());
        Assert.Equal(person.Id, own.GetProperty("hostUserId").GetString());
        Assert.Equal(person.DisplayName, own.GetProperty("hostDisplayName").GetString());
        Assert.Equal(invited, (await h.GetJsonAsync($"v1/meetings/{invited}", userToken)).GetProperty("id").GetString());
        Assert.Equal(hosted, (await h.GetJsonAsync($"v1/meetings/{hosted}?hostEmail={Uri.EscapeDataString(person.Email)}", admin)).GetProperty("id").GetString());
        Assert.Equal(invited, (await h.GetJsonAsync($"v1/meetings/{invited}?hostEmail={Uri.EscapeDataString(invitedHost.Email)}", admin)).GetProperty("id").GetString());

        // hostEmail names the meeting's host; an invitee's email does not find it, nor does another user's token.
        await AssertWebexNotFound(h, $"v1/meetings/{invited}?hostEmail={Uri.EscapeDataString(person.Email)}", admin);
        await AssertWebexNotFound(h, $"v1/meetings/{hosted}", TokenOf(h, h.Sim.State.Data.AllPeople[h.Sim.State.Data.SecondAdmin], UserScope));
        await AssertWebexNotFound(h, "v1/meetings/0123456789abcdef0123456789abcdef_I_2599999999", userToken);
        await AssertWebexNotFound(h, "v1/meetings/not-a-meeting", userToken);
    }

    private static async Task AssertWebexNotFound(SimulatorHarness h, string url, string token)
    {
        using var response = await h.GetAsync(url, token);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.False(string.IsNullOrEmpty(body.GetProperty("message").GetString()));
        Assert.NotEmpty(body.GetProperty("errors").EnumerateArray());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("trackingId").GetString()));
    }

    private static Task<SimulatorHarness> StartAsync() =>
        SimulatorHarness.StartAsync(new SimulatorOptions { Users = 300, Clock = new FakeTimeProvider(Start) });

    /// <summary>A person who is not an admin.</summary>
    private static Person Holder(SimulatorHarness h) =>
        h.Sim.State.Data.People.First(p => p.Ordinal > 1 && p.Type == PersonType.Person && p.RoleIndexes.Count == 0);

    private static string TokenOf(SimulatorHarness h, Person person, params string[] scopes) =>
        h.Sim.State.Tokens.Issue(h.Sim.State.GrantFor(person.Ordinal, scopes)).AccessToken;

    /// <summary>The person hosts a meeting 3 hours ago and attends one (hosted by the primary admin) 4 hours ago; their ids.</summary>
    private static (string Hosted, string Invited) HostAndAttend(SimulatorHarness h, Person person)
    {
        var state = h.Sim.State;
        state.AppendActivity(person.Id, "meetingHosted", Start.AddHours(-3));
        state.AppendActivity(person.Id, "meetingAttended", Start.AddHours(-4));
        var org = state.Data;
        return (
            MeetingJson.InstanceId(org, org.Meetings.Single(m => m.StartTicks == Start.AddHours(-3).UtcTicks && m.Host == person.Ordinal)),
            MeetingJson.InstanceId(org, org.Meetings.Single(m => m.StartTicks == Start.AddHours(-4).UtcTicks && m.Attendees.Contains(person.Ordinal))));
    }

    /// <summary>Ids of the window's meetings the person hosted or attended that ended 15 minutes ago or more, oldest first.</summary>
    private static List<string> ExpectedIds(SimulatorHarness h, Person person)
    {
        var org = h.Sim.State.Data;
        return [.. org.Meetings
            .Where(m => m.StartTicks >= Start.AddDays(-30).UtcTicks && m.StartTicks < Start.UtcTicks)
            .Where(m => m.Host == person.Ordinal || m.Attendees.Contains(person.Ordinal))
            .Where(m => MeetingJson.EndTicks(m) + MeetingsEndpoints.EndedDetailsDelay.Ticks <= Start.UtcTicks)
            .Select(m => MeetingJson.InstanceId(org, m))];
    }

    private static async Task<List<JsonElement>> ListAsync(SimulatorHarness h, string url, string token) =>
        [.. (await h.GetAllPagesAsync(url, token)).SelectMany(p => p)];

    private static List<string> Ids(List<JsonElement> items) => [.. items.Select(i => i.GetProperty("id").GetString()!)];

    private static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
