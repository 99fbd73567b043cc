namespace ProfileEngine.Workflows.Definitions.Layout;

/// <summary>Where the designer draws an activity: the top-left corner of its node, in Elsa Studio's canvas units.</summary>
public readonly record struct LayoutPosition(double X, double Y);

/// <summary>
/// A small layered layout for flowcharts whose activities have no designer position: each activity goes one column
/// to the right of the furthest activity that leads to it (loops ignored), and within a column activities are ordered
/// by the rows of the activities that lead to them, so branches stay beside each other.
/// </summary>
public static class FlowchartLayout
{
    public const double ColumnWidth = 280;
    public const double RowHeight = 140;
    public const double Margin = 40;

    /// <summary>Positions for every child of a flowchart (by its connections) or a sequence (one after another).</summary>
    public static IReadOnlyDictionary<string, LayoutPosition> Arrange(ActivityNode container)
    {
        ArgumentNullException.ThrowIfNull(container);
        var ids = (container.Activities ?? []).Select(a => a.Id).ToList();
        var edges = container.Connections is { } connections
            ? connections.Select(c => (c.SourceActivity, c.TargetActivity))
            : ids.Zip(ids.Skip(1));
        return Arrange(ids, edges);
    }

    /// <summary>Positions for <paramref name="activityIds"/>, laid out along <paramref name="connections"/> (source, target).</summary>
    public static IReadOnlyDictionary<string, LayoutPosition> Arrange(IReadOnlyList<string> activityIds, IEnumerable<(string Source, string Target)> connections)
    {
        ArgumentNullException.ThrowIfNull(activityIds);
        ArgumentNullException.ThrowIfNull(connections);
        var order = activityIds.Distinct(StringComparer.Ordinal).ToList();
        var known = order.ToHashSet(StringComparer.Ordinal);
        var outbound = connections.Where(c => known.Contains(c.Source) && known.Contains(c.Target) && c.Source != c.Target)
            .Distinct().ToLookup(c => c.Source, c => c.Target, StringComparer.Ordinal);
        var forward = ForwardEdges(order, outbound);

        var column = order.ToDictionary(id => id, _ => 0, StringComparer.Ordinal);
        foreach (var id in TopologicalOrder(order, forward))
        {
            foreach (var next in forward[id])
            {
                column[next] = Math.Max(column[next], column[id] + 1);
            }
        }

        var predecessors = forward.SelectMany(g => g.Select(target => (Source: g.Key, Target: target)))
            .ToLookup(e => e.Target, e => e.Source, StringComparer.Ordinal);
        var row = new Dictionary<string, double>(StringComparer.Ordinal);
        var positions = new Dictionary<string, LayoutPosition>(StringComparer.Ordinal);
        foreach (var layer in order.GroupBy(id => column[id]).OrderBy(g => g.Key))
        {
            var placed = layer
                .Select((id, index) => (id, index, weight: predecessors[id].Where(row.ContainsKey).Select(p => row[p]).DefaultIfEmpty(index).Average()))
                .OrderBy(x => x.weight).ThenBy(x => x.index).Select(x => x.id).ToList();
            for (var i = 0; i < placed.Count; i++)
            {
                row[placed[i]] = i;
                positions[placed[i]] = new LayoutPosition(Margin + (layer.Key * ColumnWidth), Margin + (i * RowHeight));
            }
        }

        return positions;
    }

    /// <summary>The connections without those that close a loop (found walking depth first from activities nobody enters).</summary>
    private static ILookup<string, string> ForwardEdges(List<string> order, ILookup<string, string> outbound)
    {
        var entered = outbound.SelectMany(g => g).ToHashSet(StringComparer.Ordinal);
        var state = new Dictionary<string, int>(StringComparer.Ordinal);
        var forward = new List<(string, string)>();
        foreach (var id in order.Where(id => !entered.Contains(id)).Concat(order))
        {
            Visit(id);
        }

        return forward.ToLookup(e => e.Item1, e => e.Item2, StringComparer.Ordinal);

        void Visit(string id)
        {
            if (state.GetValueOrDefault(id) != 0)
            {
                return;
            }

            state[id] = 1;
            foreach (var next in outbound[id])
            {
                if (state.GetValueOrDefault(next) != 1)
                {
                    forward.Add((id, next));
                    Visit(next);
                }
            }

            state[id] = 2;
        }
    }

    private static List<string> TopologicalOrder(List<string> order, ILookup<string, string> forward)
    {
        var incoming = order.ToDictionary(id => id, _ => 0, StringComparer.Ordinal);
        foreach (var target in forward.SelectMany(g => g))
        {
            incoming[target]++;
        }

        var ready = new Queue<string>(order.Where(id => incoming[id] == 0));
        var result = new List<string>();
        while (ready.TryDequeue(out var id))
        {
            result.Add(id);
            foreach (var next in forward[id])
            {
                if (--incoming[next] == 0)
                {
                    ready.Enqueue(next);
                }
            }
        }

        return result;
    }
}
