using ProfileEngine.Audit;

namespace ProfileEngine.Subscriptions;

/// <summary>
/// Subscription User Exclusion Rule: this user principal name's subscriptions, in every profile, are kept but marked
/// excluded, until <see cref="ExpiresAt"/> if set.
/// </summary>
public sealed class UserExclusion : IAudited
{
    public Guid Id { get; set; }

    /// <summary>Compared without regard to case.</summary>
    public required string UserPrincipalName { get; set; }

    public bool Active { get; set; } = true;

    public DateTimeOffset? ExpiresAt { get; set; }

    public string? Reason { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public string? CreatedBy { get; set; }

    public bool AppliesAt(DateTimeOffset now) => Active && (ExpiresAt is null || ExpiresAt > now);
}
