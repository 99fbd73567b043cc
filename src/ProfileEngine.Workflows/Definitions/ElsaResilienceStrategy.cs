using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ProfileEngine.Workflows.Definitions;

/// <summary>
/// An activity's retries in Elsa's key: <c>customProperties.resilienceStrategy = {"mode": "Identifier", "strategyId": …}</c>.
/// Elsa reads that key in src/modules/Elsa.Resilience.Core/Services/ResilientActivityInvoker.cs (ResilienceStrategyIdPropKey)
/// into Models/ResilienceStrategyConfig.cs (mode Identifier or Expression, enum as text, camelCase) and looks the id up in
/// its strategy catalog (configured under <c>Resilience:Strategies</c>, StrategySources/ConfigurationResilienceStrategySource.cs).
/// This runtime's own <c>customProperties.retryPolicy</c> stays beside it and is what the runtime runs; the strategy id
/// spells the same policy, e.g. <c>retry-3-attempts-00:10:00-x2</c>, so it can be read back when retryPolicy is gone.
/// </summary>
public static partial class ElsaResilienceStrategy
{
    public const string Property = "resilienceStrategy";

    /// <summary>The Elsa resilience-strategy config for a retryPolicy object, or null when it is not one.</summary>
    public static JsonObject? FromRetryPolicy(JsonNode? retryPolicy)
    {
        var policy = Runtime.RetryPolicies.Parse(retryPolicy, out _);
        if (policy is null)
        {
            return null;
        }

        var multiplier = policy.BackoffMultiplier.ToString(CultureInfo.InvariantCulture);
        var id = $"retry-{policy.MaxAttempts}-attempts-{policy.Delay.ToString("c", CultureInfo.InvariantCulture)}-x{multiplier}";
        return new JsonObject { ["mode"] = "Identifier", ["strategyId"] = id };
    }

    /// <summary>The retryPolicy a strategy id written by <see cref="FromRetryPolicy"/> spells, or null for any other config.</summary>
    public static JsonObject? ToRetryPolicy(JsonNode? config)
    {
        if (config is not JsonObject o || (o["strategyId"] ?? o["StrategyId"]) is not JsonValue idValue || !idValue.TryGetValue<string>(out var id))
        {
            return null;
        }

        var match = StrategyId().Match(id);
        if (!match.Success)
        {
            return null;
        }

        return new JsonObject
        {
            ["maxAttempts"] = int.Parse(match.Groups["attempts"].Value, CultureInfo.InvariantCulture),
            ["delay"] = match.Groups["delay"].Value,
            ["backoffMultiplier"] = double.Parse(match.Groups["multiplier"].Value, CultureInfo.InvariantCulture),
        };
    }

    [GeneratedRegex(@"^retry-(?<attempts>\d+)-attempts-(?<delay>[0-9.:]+)-x(?<multiplier>[0-9.]+)$")]
    private static partial Regex StrategyId();
}
