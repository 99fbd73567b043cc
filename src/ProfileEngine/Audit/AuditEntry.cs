
namespace ProfileEngine.Audit;

/// <summary>
/// One audited change: who ran which command, what record it touched, when, and the record before and after
/// (JSON, secrets masked). Written in the same SaveChanges, so in the same transaction, as the change.
/// </summary>
public sealed class AuditEntry
{
    public long Id { get; set; }

    public DateTimeOffset At { get; set; }

    /// <summary>The operator's name, or <c>system</c> for work the engine does on its own.</summary>
    public required string Actor { get; set; }

    /// <summary>The command, e.g. <c>SetConnectionDetails</c>.</summary>
    public required string Action { get; set; }

    /// <summary>The record's type, e.g. <c>Connection</c>.</summary>
    public required string EntityType { get; set; }

    public required string EntityId { get; set; }

    /// <summary>Added, Modified or Deleted.</summary>
    public required string Change { get; set; }

    public string? Before { get; set; }

    public string? After { get; set; }
}
