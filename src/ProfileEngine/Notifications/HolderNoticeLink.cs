
namespace ProfileEngine.Notifications;

/// <summary>
/// One Keep/Remove link sent to a license holder: single use (answered once), expiring at the answer deadline. The
/// link carries the id sealed by Data Protection, so a guessed or altered link is refused before the database is read.
/// </summary>
public sealed class HolderNoticeLink
{
    public Guid Id { get; set; }

    public long CandidateId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset? UsedAt { get; set; }

    /// <summary>Keep or Remove, once used.</summary>
    public string? Answer { get; set; }
}
