namespace ProfileEngine.Host.Workflows.Flowchart;

/// <summary>Where the boxes a file gives no <c>metadata.designer.position</c> go.</summary>
internal static class FlowchartPlacement
{
    /// <summary>
    /// Positions (top-left, designer coordinates) for every node of <paramref name="diagram"/> without one. The one
    /// place to switch to another automatic layout: the result only has to name those nodes.
    /// </summary>
    public static IReadOnlyDictionary<string, DiagramPoint> ForNodesWithoutPosition(FlowchartDiagram diagram) =>
        LayeredFallbackLayout.Place(diagram);
}
