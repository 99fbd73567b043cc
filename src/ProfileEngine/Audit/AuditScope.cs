namespace ProfileEngine.Audit;

/// <summary>
/// Who is changing data and through which command, for the duration of one command. The
/// <see cref="AuditBehavior{TMessage,TResponse}"/> opens it around every audited command; the DbContext reads it
/// when it saves. An async-local value rather than state on the (pooled) DbContext, so a context lent to the next
/// caller never carries the previous actor along.
/// </summary>
public sealed record AuditScope(string Actor, string Action, DateTimeOffset At)
{
    private static readonly AsyncLocal<AuditScope?> Ambient = new();

    public static AuditScope? Current => Ambient.Value;

    /// <summary>Makes <paramref name="scope"/> current until the returned handle is disposed.</summary>
    public static IDisposable Begin(AuditScope scope)
    {
        var previous = Ambient.Value;
        Ambient.Value = scope;
        return new Restore(previous);
    }

    private sealed class Restore(AuditScope? previous) : IDisposable
    {
        public void Dispose() => Ambient.Value = previous;
    }
}

/// <summary>Marks a record whose every change must be audited.</summary>
public interface IAudited;

/// <summary>A property whose value never appears in an audit row: it is written as <c>***</c> (or null when empty).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class MaskedInAuditAttribute : Attribute;
