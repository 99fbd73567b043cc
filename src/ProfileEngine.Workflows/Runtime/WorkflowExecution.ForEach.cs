using System.Text.Json;
using System.Text.Json.Nodes;
using ProfileEngine.Workflows.Activities;
using ProfileEngine.Workflows.Expressions;

namespace ProfileEngine.Workflows.Runtime;

/// <summary>
/// Elsa.ForEach (elsa-core src/modules/Elsa.Workflows.Core/Activities/ForEachT.cs): <c>items</c> is evaluated once, then
/// <c>body</c> runs once per item, one after another, with <c>currentValue</c> set to the item before each run. The items
/// and the index live in the frame, so a body that commits or waits on a bookmark continues with the right item after
/// a restart.
/// </summary>
internal sealed partial class WorkflowExecution
{
    private async Task StartForEachAsync(Frame frame, GraphNode graphNode, CancellationToken cancellationToken)
    {
        var node = graphNode.Node;
        try
        {
            var value = node.Inputs.TryGetValue("items", out var binding) ? _expressions.Evaluate(binding.Expression, this) : null;
            frame.Items = AsList(value) ?? throw new ExpressionException(
                $"the items of {node.Type} '{node.Id}' must be a list, not {Describe(value)}");
        }
        catch (ExpressionException e)
        {
            await FaultAsync(frame, graphNode, null, e, cancellationToken);
            return;
        }

        frame.ChildIndex = 0;
        NextIteration(frame, graphNode);
    }

    private void NextIteration(Frame frame, GraphNode graphNode)
    {
        var node = graphNode.Node;
        var items = frame.Items ?? [];
        if (frame.ChildIndex >= items.Count || node.Body is null)
        {
            Complete(frame, [ActivityResult.DoneOutcome], new JsonObject { ["iterations"] = node.Body is null ? 0 : items.Count });
            return;
        }

        if (node.Outputs.TryGetValue("currentValue", out var output))
        {
            SetVariable(output.MemoryReferenceId, items[frame.ChildIndex]);
        }

        Schedule(node.Body, frame);
    }

    /// <summary>A JSON array, or JSON array text (Elsa literals are strings); null for anything else. Null means no items.</summary>
    private static JsonArray? AsList(JsonNode? value)
    {
        switch (value)
        {
            case null:
                return [];
            case JsonArray array:
                return array;
            case JsonValue text when text.TryGetValue<string>(out var s):
                if (s.Trim().Length == 0)
                {
                    return [];
                }

                try
                {
                    return JsonNode.Parse(s) as JsonArray;
                }
                catch (JsonException)
                {
                    return null;
                }

            default:
                return null;
        }
    }

    private static string Describe(JsonNode? value)
    {
        var text = value?.ToJsonString() ?? "null";
        return text.Length > 60 ? text[..60] + "…" : text;
    }
}
