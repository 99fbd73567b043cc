using System.Globalization;
using System.Text.Json.Nodes;
using ProfileEngine.Workflows.Definitions;

namespace ProfileEngine.Host.Workflows.Flowchart;

/// <summary>A point in designer coordinates (Elsa Studio's <c>metadata.designer.position</c>: the box's top-left corner).</summary>
public readonly record struct DiagramPoint(double X, double Y);

/// <summary>One box: an activity of the container the diagram draws.</summary>
/// <param name="Anchor">The HTML id of the activity's details on the page (unique, safe in an id and a fragment).</param>
/// <param name="Position">From the file's designer data; null when the file has none.</param>
/// <param name="InnerDiagram">The anchor of the diagram drawing this activity's own children, for composites.</param>
public sealed record DiagramNode(string ActivityId, string? Name, string Type, string Anchor, DiagramPoint? Position, string? InnerDiagram)
{
    public string Label => string.IsNullOrWhiteSpace(Name) ? ActivityId : Name;
}

/// <summary>An arrow from one activity's out-port to another's in-port.</summary>
public sealed record DiagramEdge(string Source, string SourcePort, string Target);

/// <summary>The boxes and arrows of one container activity (a flowchart, a sequence, an if).</summary>
public sealed record FlowchartDiagram(string Anchor, string Title, IReadOnlyList<DiagramNode> Nodes, IReadOnlyList<DiagramEdge> Edges);

/// <summary>Every diagram of a definition, and the HTML id of each activity's details (the boxes link to them).</summary>
public sealed record DefinitionDiagrams(IReadOnlyList<FlowchartDiagram> Diagrams, IReadOnlyDictionary<string, string> Anchors);

/// <summary>
/// Turns a definition into diagrams: one for the root and one for every composite inside it, so a nested flowchart is
/// drawn on its own and its box in the parent links to it. A sequence is drawn as a chain; an if as its condition with
/// an arrow to each branch (True, False).
/// </summary>
public static class FlowchartDiagrams
{
    public static DefinitionDiagrams From(WorkflowDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var anchors = new ActivityAnchors();
        foreach (var activity in definition.AllActivities())
        {
            anchors.Assign(activity.Id);
        }

        var diagrams = new List<FlowchartDiagram>();
        Add(definition.Root, definition.Name ?? definition.DefinitionId, anchors, diagrams);
        return new DefinitionDiagrams(diagrams, anchors.ById);
    }

    private static void Add(ActivityNode container, string title, ActivityAnchors anchors, List<FlowchartDiagram> diagrams)
    {
        var children = container.Children().ToList();
        var nodes = children.Select(child => Node(child, anchors)).ToList();
        if (children.Count == 0)
        {
            // A root that is a single leaf activity is drawn as one box.
            nodes.Add(Node(container, anchors));
        }

        if (IsIf(container))
        {
            // An if is drawn as its condition (a box of its own, linking to the if's details) with an arrow to each branch.
            nodes.Insert(0, new DiagramNode(container.Id, container.Name, container.Type, anchors.ById[container.Id], null, null));
        }

        diagrams.Add(new FlowchartDiagram(DiagramAnchor(container, anchors), title, nodes, Edges(container)));
        foreach (var child in children.Where(IsComposite))
        {
            Add(child, child.Name ?? child.Id, anchors, diagrams);
        }
    }

    private static List<DiagramEdge> Edges(ActivityNode container)
    {
        if (container.Connections is { } connections)
        {
            return [.. connections.Select(c => new DiagramEdge(c.SourceActivity, c.SourcePort, c.TargetActivity))];
        }

        if (IsIf(container))
        {
            // Elsa's If: the Then branch runs when the condition is true, the Else branch when it is false.
            return
            [
                .. container.Then is { } then ? [new DiagramEdge(container.Id, "True", then.Id)] : Array.Empty<DiagramEdge>(),
                .. container.Else is { } otherwise ? [new DiagramEdge(container.Id, "False", otherwise.Id)] : Array.Empty<DiagramEdge>(),
            ];
        }

        var sequence = container.Activities ?? [];
        return [.. sequence.Zip(sequence.Skip(1), (from, to) => new DiagramEdge(from.Id, "Next", to.Id))];
    }

    private static DiagramNode Node(ActivityNode activity, ActivityAnchors anchors) =>
        new(activity.Id, activity.Name, activity.Type, anchors.ById[activity.Id], DesignerPosition(activity.Metadata),
            IsComposite(activity) ? DiagramAnchor(activity, anchors) : null);

    private static bool IsComposite(ActivityNode activity) => activity.Children().Any();

    private static bool IsIf(ActivityNode activity) => activity.Then is not null || activity.Else is not null;

    private static string DiagramAnchor(ActivityNode container, ActivityAnchors anchors) => "diagram-" + anchors.ById[container.Id];

    /// <summary><c>metadata.designer.position</c> as Elsa Studio writes it: <c>{"x": 120, "y": 40}</c> (numbers, or numeric strings).</summary>
    public static DiagramPoint? DesignerPosition(JsonObject? metadata)
    {
        if (metadata?["designer"]?["position"] is not JsonObject position)
        {
            return null;
        }

        return Number(position["x"]) is { } x && Number(position["y"]) is { } y ? new DiagramPoint(x, y) : null;
    }

    private static double? Number(JsonNode? node) => node switch
    {
        JsonValue v when v.TryGetValue<double>(out var d) && double.IsFinite(d) => d,
        JsonValue v when v.TryGetValue<string>(out var s) && double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d) => d,
        _ => null,
    };

    /// <summary>Activity ids are free text in Elsa; the page's ids keep letters, digits, '-' and '_' and stay unique.</summary>
    private sealed class ActivityAnchors
    {
        private readonly HashSet<string> _used = new(StringComparer.Ordinal);

        public Dictionary<string, string> ById { get; } = new(StringComparer.Ordinal);

        public void Assign(string activityId)
        {
            if (ById.ContainsKey(activityId))
            {
                return;
            }

            var safe = new string([.. activityId.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_')]);
            var anchor = "activity-" + safe;
            for (var n = 2; !_used.Add(anchor); n++)
            {
                anchor = $"activity-{safe}-{n}";
            }

            ById[activityId] = anchor;
        }
    }
}
