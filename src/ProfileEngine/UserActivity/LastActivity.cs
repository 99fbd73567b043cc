
namespace ProfileEngine.UserActivity;

/// <summary>
/// When a person last did something meaningful with a product, per profile. Only ever moves forward
/// ("update if later"); subscriptions take their last activity from here.
/// </summary>
public sealed class LastActivity
{
    public Guid ProfileId { get; set; }

    /// <summary>The vendor's person id (the actor of events, the host of meetings).</summary>
    public required string ExternalUserId { get; set; }

    /// <summary>The product of the software model (Meetings, Messaging, Calling, ...).</summary>
    public required string Product { get; set; }

    public DateTimeOffset LastActivityAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    internal const string Table = "UserActivities";
}
