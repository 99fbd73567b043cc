using System.Text.Json.Nodes;
using ProfileEngine.Workflows.Definitions;
using ProfileEngine.Workflows.Expressions;

namespace ProfileEngine.Workflows.Activities.BuiltIn;

/// <summary>
/// Continues on the port of the first case whose condition is true (mode MatchFirst, the default), or on the ports of
/// all true cases (MatchAny); on <c>Default</c> when none is. As Elsa's Activities/Flowchart/Activities/FlowSwitch.cs:
/// <c>cases</c> is a plain array <c>[{"label": "Gold", "condition": {"type": "JavaScript", "value": "…"}}]</c>
/// (not an input object), <c>mode</c> is the <c>SwitchMode</c> input {MatchFirst, MatchAny} (Enums/SwitchMode.cs), and
/// the ports are the case labels plus <c>Default</c> (<c>[FlowNode("Default")]</c>).
/// </summary>
[Activity(TypeName, Description = "Continues on the port of the first (or every) case whose condition is true, else on Default.", Outcomes = [DefaultOutcome])]
public sealed class FlowSwitch : WorkflowActivity, IHasDynamicOutcomes, IChecksItsNode
{
    public const string TypeName = "Elsa.FlowSwitch";
    public const string DefaultOutcome = "Default";
    public const string CasesProperty = "cases";

    public override bool HasSideEffects => false;

    [Input(Description = "MatchFirst (default) or MatchAny.")]
    public Input<string> Mode { get; } = new();

    public static IReadOnlyList<string>? OutcomesOf(ActivityNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return ReadCases(node, out _).Select(c => c.Label).ToList();
    }

    public static IEnumerable<(string JsonPath, string Reason)> CheckNode(ActivityNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var cases = ReadCases(node, out var problem);
        if (problem is not null)
        {
            yield return ($"{node.JsonPath}.{CasesProperty}", problem);
        }

        var labels = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < cases.Count; i++)
        {
            var (label, condition, index) = cases[i];
            var path = $"{node.JsonPath}.{CasesProperty}[{index}]";
            if (!labels.Add(label) || label == DefaultOutcome)
            {
                yield return ($"{path}.label", $"the case label '{label}' is used twice (or is the Default port)");
            }

            if (ExpressionEvaluator.WhyUnsupported(condition.Type) is { } why)
            {
                yield return ($"{path}.condition.type", why);
            }
            else if (condition.Type == Expression.JavaScript && JavaScriptSandbox.CheckSyntax(condition.Text ?? string.Empty) is { } error)
            {
                yield return ($"{path}.condition.value", $"JavaScript syntax error: {error}");
            }
        }
    }

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var mode = Mode.GetOrDefault("MatchFirst");
        var matchAny = mode.Equals("MatchAny", StringComparison.OrdinalIgnoreCase) || mode == "1";
        if (!matchAny && !mode.Equals("MatchFirst", StringComparison.OrdinalIgnoreCase) && mode != "0")
        {
            throw new InvalidOperationException($"the switch mode '{mode}' is not MatchFirst or MatchAny");
        }

        var cases = ReadCases(context.Node, out var problem);
        if (problem is not null)
        {
            throw new InvalidOperationException(problem);
        }

        var matches = new List<string>();
        foreach (var (label, condition, _) in cases)
        {
            bool isTrue;
            try
            {
                isTrue = context.Evaluate(condition) is { } value && TypeNames.Convert(value, typeof(bool)) is true;
            }
            catch (Exception e) when (e is ExpressionException or FormatException)
            {
                throw new InvalidOperationException($"the condition of case '{label}': {e.Message}", e);
            }

            if (isTrue)
            {
                matches.Add(label);
                if (!matchAny)
                {
                    break;
                }
            }
        }

        return ValueTask.FromResult(ActivityResult.Outcome(matches.Count > 0 ? [.. matches] : [DefaultOutcome]));
    }

    /// <summary>The cases as written; <paramref name="problem"/> says what is wrong with the first bad one.</summary>
    public static IReadOnlyList<(string Label, Expression Condition, int Index)> ReadCases(ActivityNode node, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(node);
        problem = null;
        var result = new List<(string, Expression, int)>();
        var cases = node.Extensions[CasesProperty];
        if (cases is null)
        {
            return result;
        }

        if (cases is not JsonArray array)
        {
            problem = $"'{CasesProperty}' must be an array of {{label, condition}}";
            return result;
        }

        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is not JsonObject item || item["label"] is not JsonValue labelValue || !labelValue.TryGetValue<string>(out var label) || label.Length == 0)
            {
                problem ??= $"cases[{i}] needs a label";
                continue;
            }

            var condition = item["condition"] switch
            {
                JsonObject e => new Expression(e["type"]?.GetValue<string>() is { Length: > 0 } type ? type : Expression.Literal, e["value"]?.DeepClone()),
                null => new Expression(Expression.Literal, JsonValue.Create(false)),
                var literal => new Expression(Expression.Literal, literal.DeepClone()),
            };
            result.Add((label, condition, i));
        }

        return result;
    }
}
