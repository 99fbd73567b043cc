using System.Text.Json.Nodes;
using ProfileEngine.Workflows.Activities;
using ProfileEngine.Workflows.Expressions;

namespace ProfileEngine.Workflows.Runtime;

/// <summary>
/// Elsa.Fork (elsa-core src/modules/Elsa.Workflows.Core/Activities/Fork.cs): every activity of <c>branches</c> is
/// scheduled at once; with <c>joinMode</c> WaitAll (the default) the fork completes when all have completed, with WaitAny
/// when the first one completes, and the branches still running are cancelled.
/// </summary>
internal sealed partial class WorkflowExecution
{
    private async Task StartForkAsync(Frame frame, GraphNode graphNode, CancellationToken cancellationToken)
    {
        var node = graphNode.Node;
        if (ForkWaitsForAny(node) is null)
        {
            var error = new ExpressionException($"the joinMode '{node.Extensions["joinMode"]?.ToJsonString()}' of {node.Type} '{node.Id}' is not WaitAll or WaitAny");
            await FaultAsync(frame, graphNode, null, error, cancellationToken);
            return;
        }

        var branches = node.Branches ?? [];
        if (branches.Count == 0)
        {
            Complete(frame, [ActivityResult.DoneOutcome], null);
            return;
        }

        frame.Pending = branches.Count;
        foreach (var branch in branches)
        {
            Schedule(branch, frame);
        }
    }

    private void BranchCompleted(Frame fork, GraphNode forkNode)
    {
        fork.Pending--;
        if (ForkWaitsForAny(forkNode.Node) == true)
        {
            CancelDescendants(fork.Id);
            Complete(fork, [ActivityResult.DoneOutcome], null);
        }
        else if (fork.Pending <= 0)
        {
            Complete(fork, [ActivityResult.DoneOutcome], null);
        }
    }

    /// <summary>True for WaitAny, false for WaitAll (also when not set), null when the value is neither.</summary>
    private static bool? ForkWaitsForAny(Definitions.ActivityNode node) => node.Extensions["joinMode"] switch
    {
        null => false,
        JsonValue v when v.TryGetValue<string>(out var s) && s.Equals("WaitAll", StringComparison.OrdinalIgnoreCase) => false,
        JsonValue v when v.TryGetValue<string>(out var s) && s.Equals("WaitAny", StringComparison.OrdinalIgnoreCase) => true,
        JsonValue v when v.TryGetValue<int>(out var n) && n is 0 or 1 => n == 1,
        _ => null,
    };
}
