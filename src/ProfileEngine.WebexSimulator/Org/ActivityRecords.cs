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
}
