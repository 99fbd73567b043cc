using ProfileEngine.WebexSimulator.Org;

namespace ProfileEngine.Tests.UserActivity;

/// <summary>What the default rules should find in the simulator's history: the latest qualifying event, hosted
/// meeting or hosted Training/Events/Support session per (person, product) since <c>from</c>.</summary>
internal static class SimulatedActivity
{
    public static Dictionary<(string User, string Product), DateTimeOffset> Latest(OrgData data, DateTimeOffset from)
    {
        var latest = new Dictionary<(string, string), DateTimeOffset>();
        void See(int ordinal, string product, long ticks)
        {
            var at = new DateTimeOffset(ticks, TimeSpan.Zero);
            var key = (data.AllPeople[ordinal].Id, product);
            if (at >= from && (!latest.TryGetValue(key, out var known) || at > known))
            {
                latest[key] = at;
            }
        }

        foreach (var item in data.Events)
        {
            See(item.Actor, item.Resource == EventResource.CallRecords ? "Webex Calling" : "Webex Messaging", item.Ticks);
        }

        foreach (var meeting in data.Meetings)
        {
            See(meeting.Host, "Webex Meetings", meeting.StartTicks);
        }

        foreach (var session in data.Sessions)
        {
            var product = session.Service switch
            {
                SessionService.TrainingCenter => "Webex Training",
                SessionService.EventCenter => "Webex Events",
                _ => "Webex Support",
            };
            See(session.Host, product, session.StartTicks);
        }

        return latest;
    }
}
