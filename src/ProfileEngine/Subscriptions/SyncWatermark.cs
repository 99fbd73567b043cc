
namespace ProfileEngine.Subscriptions;

/// <summary>
/// How far one stream of one profile has been read (e.g. <c>people</c>: the newest vendor <c>lastModified</c> applied;
/// <c>people-full</c>: when the last full download finished; the activity subflow keeps one per event stream).
/// Written in the same transaction as the data it covers.
/// </summary>
public sealed class SyncWatermark
{
    public Guid ProfileId { get; set; }

    public required string Stream { get; set; }

    public DateTimeOffset Value { get; set; }

    /// <summary>
    /// For activity streams: from when the stream has been read without gaps up to <see cref="Value"/>; null for the
    /// download's streams (and rows written before coverage was recorded, which count as not covered).
    /// </summary>
    public DateTimeOffset? CoveredFrom { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
