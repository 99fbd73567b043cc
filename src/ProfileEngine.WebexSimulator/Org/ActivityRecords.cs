namespace ProfileEngine.WebexSimulator.Org;

public enum EventResource : byte
{
    Messages,
    Files,
    Memberships,
    CallRecords,
}

/// <summary>
/// A compliance event kept compact (millions of them); its id and <c>data</c> are rendered when written.
/// Sorted by (<see cref="Ticks"/>, <see cref="Sequence"/>).
/// </summary>
public readonly record struct ComplianceEvent(long Ticks, int Sequence, int Actor, int Related, EventResource Resource);

/// <summary>A meeting instance that ended; <see cref="Attendees"/> are person ordinals other than the host.</summary>
public sealed record Meeting(long StartTicks, int Sequence, int Host, int DurationMinutes, int[] Attendees);

/// <summary>The Webex site services whose sessions only the usage report (<c>/v1/meetingReports/usage</c>) shows.</summary>
public enum SessionService : byte
{
    TrainingCenter,
    EventCenter,
    SupportCenter,
}

/// <summary>
/// A Webex Training, Events or Support session that ended, hosted by <see cref="Host"/> (a person ordinal). Attendees are
/// only counted: the usage report names the host alone.
/// </summary>
public sealed record HostedSession(long StartTicks, int Sequence, int Host, int DurationMinutes, SessionService Service, int Participants);

public enum AuditCategory : byte
{
    Logins,
    Users,
    Licenses,
}

public readonly record struct AdminAuditEvent(long Ticks, int Sequence, int Actor, int Target, AuditCategory Category);

/// <summary>Compares records by their (time, sequence) key, the order every history list is kept in.</summary>
public static class HistoryOrder
{
    public static int Compare(long ticksA, int seqA, long ticksB, int seqB) =>
        ticksA != ticksB ? ticksA.CompareTo(ticksB) : seqA.CompareTo(seqB);

    /// <summary>Index of the first record of <paramref name="list"/> (kept in this order) whose key is greater than the given key.</summary>
    public static int IndexAfter<T>(IReadOnlyList<T> list, Func<T, (long Ticks, int Sequence)> key, long ticks, int sequence)
    {
        ArgumentNullException.ThrowIfNull(list);
        ArgumentNullException.ThrowIfNull(key);
        int low = 0, high = list.Count;
        while (low < high)
        {
            var mid = (low + high) >>> 1;
            var (midTicks, midSequence) = key(list[mid]);
            if (Compare(midTicks, midSequence, ticks, sequence) <= 0)
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
