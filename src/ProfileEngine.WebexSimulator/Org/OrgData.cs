using System.Runtime.InteropServices;

namespace ProfileEngine.WebexSimulator.Org;

/// <summary>
/// Everything the simulated org holds, in compact in-memory lists kept in paging order.
/// Not thread safe by itself: <see cref="SimulatorState"/> guards it with a reader/writer lock.
/// </summary>
public sealed class OrgData
{
    public required int Seed { get; init; }
    public required Guid OrgUuid { get; init; }
    public required string OrgId { get; init; }
    public required string Name { get; init; }
    public required string Domain { get; init; }
    public required string SiteUrl { get; init; }
    public required DateTimeOffset Created { get; init; }
    public required IReadOnlyList<License> Licenses { get; init; }
    public required IReadOnlyList<Role> Roles { get; init; }

    /// <summary>Every person ever created, indexed by ordinal (people who left stay, for their history).</summary>
    public List<Person> AllPeople { get; } = [];

    /// <summary>People in the org, ascending by ordinal.</summary>
    public List<Person> People { get; } = [];

    public Dictionary<string, Person> PeopleById { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, Person> PeopleByEmail { get; } = new(StringComparer.OrdinalIgnoreCase);
    public Dictionary<string, License> LicensesById { get; } = new(StringComparer.Ordinal);

    public List<ComplianceEvent> Events { get; } = [];
    public List<Meeting> Meetings { get; } = [];
    public List<AdminAuditEvent> AuditEvents { get; } = [];

    /// <summary>Training, Events and Support sessions, ascending by (start, sequence).</summary>
    public List<HostedSession> Sessions { get; } = [];

    public int PrimaryAdmin => 0;
    public int SecondAdmin => 1;

    public void Add(Person person)
    {
        AllPeople.Add(person);
        People.Add(person);
        PeopleById[person.Id] = person;
        PeopleByEmail[person.Email] = person;
    }

    public void Remove(Person person)
    {
        People.RemoveAt(IndexAfter(person.Ordinal - 1));
        PeopleById.Remove(person.Id);
        PeopleByEmail.Remove(person.Email);
    }

    public void ChangeEmail(Person person, string email)
    {
        PeopleByEmail.Remove(person.Email);
        person.Email = email;
        PeopleByEmail[email] = person;
    }

    /// <summary>Index in <see cref="People"/> of the first person whose ordinal is greater than <paramref name="ordinal"/>.</summary>
    public int IndexAfter(int ordinal)
    {
        int low = 0, high = People.Count;
        while (low < high)
        {
            var mid = (low + high) >>> 1;
            if (People[mid].Ordinal <= ordinal)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        return low;
    }

    public License? FindLicense(string? id) => id is not null && LicensesById.TryGetValue(id, out var license) ? license : null;

    public Person? FindPerson(string? id) => id is not null && PeopleById.TryGetValue(id, out var person) ? person : null;

    /// <summary>Index in <see cref="Roles"/> of the role with that name or id, or -1.</summary>
    public int RoleIndex(string? nameOrId)
    {
        for (var i = 0; i < Roles.Count; i++)
        {
            if (string.Equals(Roles[i].Name, nameOrId, StringComparison.OrdinalIgnoreCase) || Roles[i].Id == nameOrId)
            {
                return i;
            }
        }

        return -1;
    }

    public void InsertEvent(ComplianceEvent item)
    {
        var span = CollectionsMarshal.AsSpan(Events);
        Events.Insert(EventIndexAfter(span, item.Ticks, item.Sequence), item);
    }

    public void InsertMeeting(Meeting meeting) =>
        Meetings.Insert(MeetingIndexAfter(meeting.StartTicks, meeting.Sequence), meeting);

    public void InsertSession(HostedSession session) =>
        Sessions.Insert(HistoryOrder.IndexAfter(Sessions, s => (s.StartTicks, s.Sequence), session.StartTicks, session.Sequence), session);

    public void InsertAuditEvent(AdminAuditEvent item) =>
        AuditEvents.Insert(AuditIndexAfter(item.Ticks, item.Sequence), item);

    /// <summary>Index of the first meeting whose (start, sequence) key is greater than the given key.</summary>
    public int MeetingIndexAfter(long ticks, int sequence)
    {
        int low = 0, high = Meetings.Count;
        while (low < high)
        {
            var mid = (low + high) >>> 1;
            if (HistoryOrder.Compare(Meetings[mid].StartTicks, Meetings[mid].Sequence, ticks, sequence) <= 0)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        return low;
    }

    /// <summary>Index of the first audit event whose (time, sequence) key is greater than the given key.</summary>
    public int AuditIndexAfter(long ticks, int sequence)
    {
        var span = CollectionsMarshal.AsSpan(AuditEvents);
        int low = 0, high = span.Length;
        while (low < high)
        {
            var mid = (low + high) >>> 1;
            if (HistoryOrder.Compare(span[mid].Ticks, span[mid].Sequence, ticks, sequence) <= 0)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        return low;
    }

    /// <summary>Index of the first event whose (ticks, sequence) key is greater than the given key.</summary>
    public static int EventIndexAfter(ReadOnlySpan<ComplianceEvent> events, long ticks, int sequence)
    {
        int low = 0, high = events.Length;
        while (low < high)
        {
            var mid = (low + high) >>> 1;
            if (HistoryOrder.Compare(events[mid].Ticks, events[mid].Sequence, ticks, sequence) <= 0)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        return low;
    }
}
