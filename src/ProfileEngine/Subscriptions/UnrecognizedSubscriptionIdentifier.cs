
namespace ProfileEngine.Subscriptions;

/// <summary>
/// A license identifier no catalog entry recognized (ServiceNow's <c>samp_sw_unrecognized_subscription_identifier</c>):
/// its name, how many active subscriptions carry it, and the model an admin mapped it to. Once mapped, the profile's
/// license and all its subscriptions take that model (see <c>MapUnrecognizedIdentifier</c>), and later
/// downloads keep the mapping.
/// </summary>
public sealed class UnrecognizedSubscriptionIdentifier
{
    public long Id { get; set; }

    public Guid ProfileId { get; set; }

    public required string Identifier { get; set; }

    public string? Name { get; set; }

    /// <summary>Active subscriptions with this identifier, as of the last download.</summary>
    public int SubscriptionCount { get; set; }

    public Guid? MappedModelId { get; set; }

    public string? MappedBy { get; set; }

    public DateTimeOffset? MappedAt { get; set; }

    public DateTimeOffset FirstSeenAt { get; set; }

    public DateTimeOffset LastSeenAt { get; set; }
}
