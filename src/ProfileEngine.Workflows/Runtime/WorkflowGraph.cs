using ProfileEngine.Workflows.Activities;
using ProfileEngine.Workflows.Definitions;

namespace ProfileEngine.Workflows.Runtime;

/// <summary>A validated definition version, indexed for execution: activities by id, their parents, flowchart wiring.</summary>
internal sealed class WorkflowGraph
{
    private readonly Dictionary<string, GraphNode> _nodes = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Source, string Port), List<ActivityNode>> _outbound = [];
    private readonly Dictionary<string, ActivityNode?> _flowchartStarts = new(StringComparer.Ordinal);

    public WorkflowGraph(WorkflowDefinition definition, ActivityRegistry registry)
    {
        Definition = definition;
        Add(definition.Root, null, registry);
    }

    public WorkflowDefinition Definition { get; }

    public ActivityNode Root => Definition.Root;

    public GraphNode this[string activityId] => _nodes.TryGetValue(activityId, out var node)
        ? node
        : throw new InvalidOperationException($"The definition has no activity '{activityId}'.");

    public IReadOnlyList<ActivityNode> Targets(string sourceActivityId, string port) =>
        _outbound.TryGetValue((sourceActivityId, port), out var targets) ? targets : [];

    public ActivityNode? FlowchartStartOf(string flowchartId) => _flowchartStarts.GetValueOrDefault(flowchartId);

    private void Add(ActivityNode node, string? parentId, ActivityRegistry registry)
    {
        var descriptor = registry.Find(node.Type) ?? throw new InvalidOperationException($"Unknown activity type '{node.Type}'.");
        _nodes[node.Id] = new GraphNode(node, descriptor, parentId);
        if (descriptor.Kind == ActivityKind.Flowchart)
        {
            var byId = (node.Activities ?? []).ToDictionary(a => a.Id, StringComparer.Ordinal);
            foreach (var connection in node.Connections ?? [])
            {
                if (!_outbound.TryGetValue((connection.SourceActivity, connection.SourcePort), out var targets))
                {
                    _outbound[(connection.SourceActivity, connection.SourcePort)] = targets = [];
                }

                targets.Add(byId[connection.TargetActivity]);
            }

            _flowchartStarts[node.Id] = FlowchartStart.Find(node, (node.Connections ?? []).Select(c => c.TargetActivity));
        }

        foreach (var child in node.Children())
        {
            Add(child, node.Id, registry);
        }
    }
}

internal sealed record GraphNode(ActivityNode Node, ActivityDescriptor Descriptor, string? ParentId);
