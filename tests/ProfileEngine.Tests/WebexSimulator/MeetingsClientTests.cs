using ProfileEngine.Connectors.Webex.Models;
using ProfileEngine.Tests.Connectors.Webex;
using ProfileEngine.WebexSimulator.Meetings;
using ProfileEngine.WebexSimulator.Org;

namespace ProfileEngine.Tests.WebexSimulator;

/// <summary>The engine's client asks the simulator for one user's meetings with hostEmail, and gets them all.</summary>
public sealed class MeetingsClientTests
{
    [Fact]
    public async Task The_client_passes_hostEmail_and_gets_the_hosts_hosted_and_invited_meetings()
    {
        await using var harness = await WebexTestHarness.StartAsync(users: 120);
        var state = harness.Simulator.State;
        var start = WebexTestHarness.Start;
        var person = state.Data.People.First(p => p.Ordinal > 1 && p.Type == PersonType.Person && p.RoleIndexes.Count == 0);
        state.AppendActivity(person.Id, "meetingHosted", start.AddHours(-5));
        state.AppendActivity(person.Id, "meetingAttended", start.AddHours(-6));
        var from = start.AddDays(-20);
        var org = state.Data;
        var expected = org.Meetings
            .Where(m => m.StartTicks >= from.UtcTicks && (m.Host == person.Ordinal || m.Attendees.Contains(person.Ordinal)))
            .Where(m => MeetingJson.EndTicks(m) + MeetingsEndpoints.EndedDetailsDelay.Ticks <= start.UtcTicks)
            .Select(m => MeetingJson.InstanceId(org, m))
            .ToList();
        await harness.ClearRequestsAsync();

        var meetings = new List<ProfileEngine.Connectors.Webex.Models.Meeting>();
        await foreach (var meeting in harness.Client.ListMeetingsAsync(new MeetingQuery { From = from, To = start, HostEmail = person.Email, Max = 100 }))
        {
            meetings.Add(meeting);
        }

        Assert.Equal(expected, meetings.Select(m => m.Id));
        Assert.Contains(meetings, m => m.HostEmail == person.Email && m.HostUserId == person.Id && m.HostDisplayName == person.DisplayName);
        Assert.Contains(meetings, m => m.HostEmail != person.Email);
        var requests = (await harness.GetRequestsAsync()).To("/v1/meetings");
        Assert.NotEmpty(requests);
        Assert.All(requests, r => Assert.Equal(person.Email, r.Parameter("hostEmail")));
    }
}
