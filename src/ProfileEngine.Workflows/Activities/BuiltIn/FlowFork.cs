using System.Text.Json;
using System.Text.Json.Nodes;
using ProfileEngine.Workflows.Definitions;

namespace ProfileEngine.Workflows.Activities.BuiltIn;

/// <summary>
/// Splits a flowchart into parallel branches: completes on every port named in <c>branches</c>. The branches meet again
/// at an activity with several inbound connections or an Elsa.FlowJoin. As Elsa's
/// Activities/Flowchart/Activities/FlowFork.cs: input <c>branches</c> (a list of outcome names), Done when empty.
/// </summary>
[Activity(TypeName, Description = "Continues on every branch named in 'branches', in parallel.")]
public sealed class FlowFork : WorkflowActivity, IHasDynamicOutcomes
{
    public const string TypeName = "Elsa.FlowFork";

    public override bool HasSideEffects => false;

    [Input(Description = "The names of the branches (the out-ports), e.g. [\"Notify\", \"Audit\"].")]
    public Input<string[]> Branches { get; } = new();

    /// <summary>The branch names of a literal <c>branches</c>; null (any port) when they are computed at run time.</summary>
    public static IReadOnlyList<string>? OutcomesOf(ActivityNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        if (!node.Inputs.TryGetValue("branches", out var binding))
        {
            return [];
        }

        if (binding.Expression.Type != Expression.Literal)
        {
            return null;
        }

        try
        {
            var value = binding.Expression.Value is JsonValue v && v.TryGetValue<string>(out var text) ? JsonNode.Parse(text) : binding.Expression.Value;
            return value is JsonArray array ? [.. array.Select(b => b?.ToString() ?? string.Empty)] : null;
        }
        catch (JsonException)
        {
            return null; // the validator reports the literal itself
        }
    }

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        var branches = Branches.GetOrDefault([]).Where(b => !string.IsNullOrWhiteSpace(b)).Distinct(StringComparer.Ordinal).ToArray();
        return ValueTask.FromResult(ActivityResult.Outcome(branches));
    }
}
