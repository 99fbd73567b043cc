using ProfileEngine.Messaging;

namespace ProfileEngine.Exclusions;

/// <summary>What a user exclusion's reason and expiry must be, for both create and update.</summary>
internal static class UserExclusionRules
{
    public const int MaxReasonLength = 1000;

    public static void ValidateReasonAndExpiry(string? reason, DateTimeOffset? expiresAt, DateTimeOffset now, ValidationErrors errors)
    {
        if (!errors.Required("Reason", reason) && reason!.Trim().Length > MaxReasonLength)
        {
            errors.Add("Reason", $"Reason is at most {MaxReasonLength} characters.");
        }

        if (expiresAt is { } expiry && expiry <= now)
        {
            errors.Add("ExpiresAt", "ExpiresAt must be in the future (leave it empty for an exclusion that never expires).");
        }
    }
}
