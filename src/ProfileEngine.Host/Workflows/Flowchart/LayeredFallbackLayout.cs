namespace ProfileEngine.Host.Workflows.Flowchart;

/// <summary>
/// A plain top-to-bottom layered layout: an activity sits one row below the lowest activity that leads to it (arrows
/// that go back, loops, are ignored for that), and a row keeps its activities in the order of those above them.
/// Nodes that have a designer position keep it; the others are laid out below them.
/// </summary>
internal static class LayeredFallbackLayout
{
    public const double ColumnStep = FlowchartSvg.BoxWidth + 50;
    public const double RowStep = FlowchartSvg.BoxHeight + 60;

    public static IReadOnlyDictionary<string, DiagramPoint> Place(FlowchartDiagram diagram)
    {
        var unplaced = diagram.Nodes.Where(n => n.Position is null).Select(n => n.ActivityId).ToList();
        if (unplaced.Count == 0)
        {
            return new Dictionary<string, DiagramPoint>();
        }

        var ids = new HashSet<string>(unplaced, StringComparer.Ordinal);
        var edges = diagram.Edges.Where(e => ids.Contains(e.Source) && ids.Contains(e.Target) && e.Source != e.Target).ToList();
        var forward = WithoutBackEdges(unplaced, edges);
        var rows = Rows(unplaced, forward);

        var placedBottom = diagram.Nodes.Where(n => n.Position is not null).Select(n => n.Position!.Value.Y + RowStep).DefaultIfEmpty(0).Max();
        var widest = rows.Max(r => r.Count);
        var positions = new Dictionary<string, DiagramPoint>(StringComparer.Ordinal);
        for (var row = 0; row < rows.Count; row++)
        {
            var indent = (widest - rows[row].Count) * ColumnStep / 2;
            for (var column = 0; column < rows[row].Count; column++)
            {
                positions[rows[row][column]] = new DiagramPoint(indent + column * ColumnStep, placedBottom + row * RowStep);
            }
        }

        return positions;
    }

    /// <summary>The edges a depth-first walk in file order meets going forward (not back to an activity on its path).</summary>
    private static List<DiagramEdge> WithoutBackEdges(List<string> nodes, List<DiagramEdge> edges)
    {
        var outgoing = edges.ToLookup(e => e.Source, StringComparer.Ordinal);
        var state = new Dictionary<string, bool>(StringComparer.Ordinal); // false: on the current path; true: done
        var forward = new List<DiagramEdge>();
        var roots = nodes.Where(n => !edges.Any(e => e.Target == n)).Concat(nodes);
        foreach (var root in roots)
        {
            if (state.ContainsKey(root))
            {
                continue;
            }

            // An explicit stack: a long chain of activities must not overflow the call stack.
            var stack = new Stack<(string Node, IEnumerator<DiagramEdge> Next)>();
            state[root] = false;
            stack.Push((root, outgoing[root].GetEnumerator()));
            while (stack.Count > 0)
            {
                var (node, next) = stack.Peek();
                if (!next.MoveNext())
                {
                    state[node] = true;
                    stack.Pop();
                    continue;
                }

                var edge = next.Current;
                if (!state.TryGetValue(edge.Target, out var done))
                {
                    forward.Add(edge);
                    state[edge.Target] = false;
                    stack.Push((edge.Target, outgoing[edge.Target].GetEnumerator()));
                }
                else if (done)
                {
                    forward.Add(edge);
                }
            }
        }

        return forward;
    }

    private static List<List<string>> Rows(List<string> nodes, List<DiagramEdge> forward)
    {
        var incoming = forward.ToLookup(e => e.Target, StringComparer.Ordinal);
        var row = new Dictionary<string, int>(StringComparer.Ordinal);
        var remaining = new List<string>(nodes);
        // Kahn's order over the acyclic forward edges: a node's row is known once all its predecessors' are.
        while (remaining.Count > 0)
        {
            var ready = remaining.First(n => incoming[n].All(e => row.ContainsKey(e.Source)));
            row[ready] = incoming[ready].Select(e => row[e.Source] + 1).DefaultIfEmpty(0).Max();
            remaining.Remove(ready);
        }

        var rows = nodes.GroupBy(n => row[n]).OrderBy(g => g.Key).Select(g => g.ToList()).ToList();
        var column = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var members in rows)
        {
            // Under the average column of what leads to it, so branches fan out without crossing much.
            var ordered = members
                .Select((n, index) => (Node: n, Key: incoming[n].Select(e => column[e.Source]).DefaultIfEmpty(index).Average(), index))
                .OrderBy(x => x.Key).ThenBy(x => x.index).Select(x => x.Node).ToList();
            members.Clear();
            members.AddRange(ordered);
            for (var i = 0; i < members.Count; i++)
            {
                column[members[i]] = i;
            }
        }

        return rows;
    }
}
