using ProfileEngine.Workflows.Activities;
using ProfileEngine.Workflows.Definitions;

namespace ProfileEngine.Workflows.Runtime;

/// <summary>A validated definition version, indexed for execution: activities by id, their parents, flowchart wiring.</summary>
internal sealed class WorkflowGraph
{
    private readonly Dictionary<string, GraphNode> _nodes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Connection>> _outbound = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Connection>> _inbound = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _ancestors = new(StringComparer.Ordinal);
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

    /// <summary>Every connection leaving an activity, whatever its port, in definition order.</summary>
    public IReadOnlyList<Connection> Outbound(string sourceActivityId) => _outbound.GetValueOrDefault(sourceActivityId) ?? [];

    /// <summary>Every connection entering an activity.</summary>
    public IReadOnlyList<Connection> Inbound(string targetActivityId) => _inbound.GetValueOrDefault(targetActivityId) ?? [];

    /// <summary>The activities from which <paramref name="activityId"/> can be reached by connections (flowcharts have no cycles).</summary>
    public IReadOnlySet<string> AncestorsOf(string activityId)
    {
        lock (_ancestors)
        {
            if (_ancestors.TryGetValue(activityId, out var known))
            {
                return known;
            }

            var ancestors = new HashSet<string>(StringComparer.Ordinal);
            var pending = new Stack<string>([activityId]);
            while (pending.TryPop(out var current))
            {
                foreach (var connection in Inbound(current))
                {
                    if (ancestors.Add(connection.SourceActivity))
                    {
                        pending.Push(connection.SourceActivity);
                    }
                }
            }

            _ancestors[activityId] = ancestors;
            return ancestors;
        }
    }

    public ActivityNode? FlowchartStartOf(string flowchartId) => _flowchartStarts.GetValueOrDefault(flowchartId);

    /// <summary>How a connection is named in an instance's flowchart state (stable for the version the instance runs).</summary>
    public static string KeyOf(Connection connection) =>
        $"{connection.SourceActivity}:{connection.SourcePort}>{connection.TargetActivity}";

    private void Add(ActivityNode node, string? parentId, ActivityRegistry registry)
    {
        var descriptor = registry.Resolve(node) ?? throw new InvalidOperationException($"Unknown activity type '{node.Type}'.");
        _nodes[node.Id] = new GraphNode(node, descriptor, parentId);
        if (descriptor.Kind == ActivityKind.Flowchart)
        {
            foreach (var connection in node.Connections ?? [])
            {
                Append(_outbound, connection.SourceActivity, connection);
                Append(_inbound, connection.TargetActivity, connection);
            }

            _flowchartStarts[node.Id] = FlowchartStart.Find(node, (node.Connections ?? []).Select(c => c.TargetActivity));
        }

        foreach (var child in node.Children())
        {
            Add(child, node.Id, registry);
        }
    }

    private static void Append(Dictionary<string, List<Connection>> index, string key, Connection connection)
    {
        if (!index.TryGetValue(key, out var list))
        {
            index[key] = list = [];
        }

        list.Add(connection);
    }
}

internal sealed record GraphNode(ActivityNode Node, ActivityDescriptor Descriptor, string? ParentId);
