using ProfileEngine.Audit;

namespace ProfileEngine.Subscriptions;

/// <summary>
/// Subscription Identifier Exclusion Rule: subscriptions with this identifier, in profiles of this type, are kept but
/// marked excluded. The identifier matches either a subscription identifier (license id) or a catalog entry key, so
/// one rule can cover an offer in every org.
/// </summary>
public sealed class SubscriptionIdentifierExclusion : IAudited
{
    public Guid Id { get; set; }

    public required string ProfileType { get; set; }

    public required string Identifier { get; set; }

    public bool Active { get; set; } = true;

    public DateTimeOffset CreatedAt { get; set; }

    public string? CreatedBy { get; set; }
}
