using System.Text.Json.Nodes;
using ProfileEngine.Workflows.Activities;
using ProfileEngine.Workflows.Definitions;
using ProfileEngine.Workflows.Expressions;

namespace ProfileEngine.Workflows.Runtime;

/// <summary>
/// Reads an activity's retry policy from its <c>customProperties.retryPolicy</c>:
/// <c>{"maxAttempts": 3, "delay": "00:00:30", "backoffMultiplier": 2}</c>.
/// </summary>
public static class RetryPolicies
{
    public const string Property = "retryPolicy";

    public static RetryPolicy? FromDefinition(ActivityNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return Parse(node.CustomProperties?[Property], out _);
    }

    /// <summary>The policy, or null with <paramref name="error"/> set when the JSON is not a valid policy.</summary>
    public static RetryPolicy? Parse(JsonNode? json, out string? error)
    {
        error = null;
        if (json is null)
        {
            return null;
        }

        if (json is not JsonObject policy)
        {
            error = "retryPolicy must be an object {maxAttempts, delay, backoffMultiplier}";
            return null;
        }

        try
        {
            var attempts = policy["maxAttempts"] is { } a ? (int)TypeNames.Convert(a, typeof(int))! : 1;
            var delay = policy["delay"] is { } d ? (TimeSpan)TypeNames.Convert(d, typeof(TimeSpan))! : TimeSpan.Zero;
            var multiplier = policy["backoffMultiplier"] is { } m ? (double)TypeNames.Convert(m, typeof(double))! : 2;
            if (attempts is < 1 or > 100 || delay < TimeSpan.Zero || multiplier < 1)
            {
                error = "retryPolicy needs 1-100 maxAttempts, a delay of zero or more and a backoffMultiplier of at least 1";
                return null;
            }

            return new RetryPolicy(attempts, delay, multiplier);
        }
        catch (FormatException e)
        {
            error = $"retryPolicy: {e.Message}";
            return null;
        }
    }
}
