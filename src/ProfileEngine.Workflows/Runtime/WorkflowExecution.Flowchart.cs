using ProfileEngine.Workflows.Activities;
using ProfileEngine.Workflows.Activities.BuiltIn;
using ProfileEngine.Workflows.Definitions;
using ProfileEngine.Workflows.Expressions;

namespace ProfileEngine.Workflows.Runtime;

/// <summary>
/// Moving a flowchart on when one of its activities completes, with the semantics of Elsa 3's default (counter-based)
/// flowchart (elsa-core src/modules/Elsa.Workflows.Core/Activities/Flowchart/Activities/Flowchart.Counters.cs,
/// Models/FlowScope.cs):
/// <list type="bullet">
/// <item>Every outbound connection of the completed activity is <em>visited</em>; it is <em>followed</em> when its port is
/// one of the activity's outcomes.</item>
/// <item>An activity with several inbound connections is a join even without an <c>Elsa.FlowJoin</c>: Elsa treats it as
/// <c>WaitAllActive</c> (<c>GetMergeModeAsync</c>): it runs once, after every inbound connection was visited, if at least
/// one was followed. So two branches of a decision merge into one run of the next activity, and a fork's branches
/// are waited for.</item>
/// <item><c>Elsa.FlowJoin</c> chooses: <c>WaitAny</c> (its default) runs on the first followed inbound connection and cancels
/// the activities still running on the other inbound paths; <c>WaitAll</c> needs every inbound connection followed;
/// <c>WaitAllActive</c> as above.</item>
/// <item>An activity none of whose visited inbound connections was followed is <em>skipped</em>: its own outbound
/// connections are visited as not followed, so joins further down are not left waiting on a dead path.</item>
/// </list>
/// Loops (backward connections) are refused by the validator, so every activity is reached at most once per flowchart run.
/// </summary>
internal sealed partial class WorkflowExecution
{
    /// <summary>The flowchart's first activity runs.</summary>
    private void StartFlowchart(Frame frame, ActivityNode start)
    {
        frame.Pending = 0;
        frame.Visited = [];
        frame.Reached = [start.Id];
        ScheduleInFlowchart(start, frame);
    }

    /// <summary>A child of the flowchart completed with these outcomes: visit its outbound connections.</summary>
    private void FlowOn(Frame flowchart, string completedActivityId, IReadOnlyCollection<string> outcomes)
    {
        flowchart.Visited ??= [];
        flowchart.Reached ??= [];
        foreach (var connection in Graph.Outbound(completedActivityId))
        {
            flowchart.Visited[WorkflowGraph.KeyOf(connection)] = outcomes.Contains(connection.SourcePort, StringComparer.Ordinal);
            Arrive(flowchart, connection.TargetActivity);
        }
    }

    private void Arrive(Frame flowchart, string targetId)
    {
        if (flowchart.Reached!.Contains(targetId, StringComparer.Ordinal))
        {
            return; // a late arrival at a WaitAny join that already ran, or a dead path reaching an activity that ran
        }

        var inbound = Graph.Inbound(targetId);
        var visited = 0;
        var followed = 0;
        foreach (var connection in inbound)
        {
            if (flowchart.Visited!.TryGetValue(WorkflowGraph.KeyOf(connection), out var wasFollowed))
            {
                visited++;
                followed += wasFollowed ? 1 : 0;
            }
        }

        var allVisited = visited == inbound.Count;
        bool? run = JoinModeOf(Graph[targetId].Node) switch
        {
            FlowJoin.WaitAny when followed > 0 => true,
            FlowJoin.WaitAll when allVisited => followed == inbound.Count,
            FlowJoin.WaitAllActive when allVisited => followed > 0,
            _ when allVisited => false,
            _ => null, // still waiting for inbound connections to be visited
        };
        if (run is null)
        {
            return;
        }

        flowchart.Reached!.Add(targetId);
        if (run == false)
        {
            FlowOn(flowchart, targetId, []);
            return;
        }

        ScheduleInFlowchart(Graph[targetId].Node, flowchart);
        if (JoinModeOf(Graph[targetId].Node) == FlowJoin.WaitAny && followed < inbound.Count)
        {
            CancelInboundBranches(flowchart, targetId);
        }
    }

    /// <summary>
    /// How an activity waits for its inbound connections: an <c>Elsa.FlowJoin</c> by its <c>mode</c> (WaitAny when not
    /// set, as in Elsa), every other activity as WaitAllActive. A mode that cannot be read counts as WaitAny, so the join
    /// runs and faults with the reason when it binds its input.
    /// </summary>
    private string JoinModeOf(ActivityNode node)
    {
        if (node.Type != FlowJoin.TypeName)
        {
            return FlowJoin.WaitAllActive;
        }

        if (!node.Inputs.TryGetValue("mode", out var binding))
        {
            return FlowJoin.WaitAny;
        }

        try
        {
            var mode = TypeNames.Convert(_expressions.Evaluate(binding.Expression, this), typeof(string)) as string;
            return FlowJoin.ParseMode(mode) ?? FlowJoin.WaitAny;
        }
        catch (Exception e) when (e is ExpressionException or FormatException)
        {
            return FlowJoin.WaitAny;
        }
    }

    /// <summary>
    /// A WaitAny join ran: what still runs on its other inbound paths is cancelled (Elsa's
    /// <c>CancelRemainingInboundActivitiesAsync</c>), and their outbound connections count as visited, not followed.
    /// </summary>
    private void CancelInboundBranches(Frame flowchart, string joinId)
    {
        var ancestors = Graph.AncestorsOf(joinId);
        var doomed = State.Frames.Where(f => f.ParentId == flowchart.Id && ancestors.Contains(f.ActivityId)).ToList();
        foreach (var frame in doomed)
        {
            CancelDescendants(frame.Id);
            CancelFrame(frame);
            State.Queue.RemoveAll(w => w.FrameId == frame.Id);
            flowchart.Pending--;
        }

        foreach (var frame in doomed)
        {
            FlowOn(flowchart, frame.ActivityId, []);
        }
    }

    private void ScheduleInFlowchart(ActivityNode child, Frame flowchart)
    {
        flowchart.Pending++;
        Schedule(child, flowchart);
    }
}
