using ProfileEngine.Subscriptions;

namespace ProfileEngine.Exclusions;

public sealed record SubscriptionIdentifierExclusionView(
    Guid Id, string ProfileType, string Identifier, bool Active, DateTimeOffset CreatedAt, string? CreatedBy)
{
    internal static SubscriptionIdentifierExclusionView Of(SubscriptionIdentifierExclusion rule) =>
        new(rule.Id, rule.ProfileType, rule.Identifier, rule.Active, rule.CreatedAt, rule.CreatedBy);
}

public sealed record UserExclusionView(
    Guid Id, string UserPrincipalName, bool Active, DateTimeOffset? ExpiresAt, string? Reason, DateTimeOffset CreatedAt, string? CreatedBy)
{
    internal static UserExclusionView Of(UserExclusion rule) =>
        new(rule.Id, rule.UserPrincipalName, rule.Active, rule.ExpiresAt, rule.Reason, rule.CreatedAt, rule.CreatedBy);
}
