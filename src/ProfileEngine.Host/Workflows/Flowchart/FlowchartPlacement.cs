using ProfileEngine.Workflows.Definitions.Layout;

namespace ProfileEngine.Host.Workflows.Flowchart;

/// <summary>Where the boxes a file gives no <c>metadata.designer.position</c> go.</summary>
internal static class FlowchartPlacement
{
    /// <summary>
    /// Positions (top-left, designer coordinates) for every node of <paramref name="diagram"/> without one: the layers
    /// of the exporter's layout (<see cref="FlowchartLayout"/>), turned to run top to bottom as the drawing's arrows do,
    /// spaced for the drawing's boxes, below the nodes that have a position.
    /// </summary>
    public static IReadOnlyDictionary<string, DiagramPoint> ForNodesWithoutPosition(FlowchartDiagram diagram)
    {
        var unplaced = diagram.Nodes.Where(n => n.Position is null).Select(n => n.ActivityId).ToList();
        if (unplaced.Count == 0)
        {
            return new Dictionary<string, DiagramPoint>();
        }

        const double across = FlowchartSvg.BoxWidth + 50;
        const double down = FlowchartSvg.BoxHeight + 60;
        var below = diagram.Nodes.Where(n => n.Position is not null).Select(n => n.Position!.Value.Y + down).DefaultIfEmpty(0).Max();
        return FlowchartLayout.Arrange(unplaced, diagram.Edges.Select(e => (e.Source, e.Target))).ToDictionary(
            p => p.Key,
            p => new DiagramPoint(
                (p.Value.Y - FlowchartLayout.Margin) / FlowchartLayout.RowHeight * across,
                below + ((p.Value.X - FlowchartLayout.Margin) / FlowchartLayout.ColumnWidth * down)),
            StringComparer.Ordinal);
    }
}
