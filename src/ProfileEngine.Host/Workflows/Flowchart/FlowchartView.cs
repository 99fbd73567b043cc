using System.Text.Json.Nodes;
using ProfileEngine.Workflows.Definitions;
using ProfileEngine.Workflows.Persistence;
using ProfileEngine.Workflows.Runtime;

namespace ProfileEngine.Host.Workflows.Flowchart;

/// <summary>What the flowchart section of a page shows: the drawings, and each activity's details they link to.</summary>
public sealed record FlowchartView(IReadOnlyList<RenderedDiagram> Diagrams, IReadOnlyList<ActivityPanel> Activities, bool ShowsStates);

public sealed record RenderedDiagram(string Anchor, string Title, string Svg);

/// <summary>One activity's details: its inputs as the definition writes them and, for an instance, what its runs did.</summary>
public sealed record ActivityPanel(
    string ActivityId,
    string Label,
    string Type,
    string Anchor,
    string? InnerDiagram,
    ActivityState State,
    IReadOnlyList<InputLine> Inputs,
    IReadOnlyList<ActivityRun> Runs,
    IReadOnlyList<WorkflowLogRecord> Log,
    IReadOnlyList<WorkflowBookmarkView> Bookmarks,
    IReadOnlyList<WorkflowIncidentRecord> Incidents);

public sealed record InputLine(string Name, string ExpressionType, string? Value);

public sealed record ActivityRun(long Sequence, int Attempt, ActivityRunStatus Status, DateTimeOffset StartedAt, DateTimeOffset? CompletedAt, string? Outcomes, string? Outputs, string? Error);

public static class FlowchartViews
{
    public static FlowchartView ForDefinition(WorkflowDefinition definition)
    {
        var diagrams = FlowchartDiagrams.From(definition);
        var panels = Activities(definition)
            .Select(a => Panel(a, diagrams, ActivityState.NotRun, [], [], [], []))
            .ToList();
        return new FlowchartView(Render(diagrams, null), panels, ShowsStates: false);
    }

    public static FlowchartView ForInstance(WorkflowDefinition definition, WorkflowInstanceDetails instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        var diagrams = FlowchartDiagrams.From(definition);
        var states = States(instance);
        var runs = instance.Executions.ToLookup(e => e.ActivityId, StringComparer.Ordinal);
        var log = instance.Log.ToLookup(l => l.ActivityId, StringComparer.Ordinal);
        var bookmarks = instance.Bookmarks.ToLookup(b => b.ActivityId, StringComparer.Ordinal);
        var incidents = instance.Incidents.ToLookup(i => i.ActivityId, StringComparer.Ordinal);
        var panels = Activities(definition)
            .Select(a => Panel(
                a,
                diagrams,
                states.GetValueOrDefault(a.Id, ActivityState.NotRun),
                [.. runs[a.Id].Select(r => new ActivityRun(r.Sequence, r.Attempt, r.Status, r.StartedAt, r.CompletedAt, r.Outcomes, SecretRedaction.RedactJson(r.OutputsJson), r.Error))],
                [.. log[a.Id]],
                [.. bookmarks[a.Id]],
                [.. incidents[a.Id]]))
            .ToList();
        return new FlowchartView(Render(diagrams, states), panels, ShowsStates: true);
    }

    /// <summary>
    /// An activity waiting on a bookmark (an event, a timer, a retry) is Waiting; otherwise its latest run says how
    /// it went. An activity with neither never ran.
    /// </summary>
    public static IReadOnlyDictionary<string, ActivityState> States(WorkflowInstanceDetails instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        var states = new Dictionary<string, ActivityState>(StringComparer.Ordinal);
        foreach (var run in instance.Executions.OrderBy(e => e.Sequence))
        {
            states[run.ActivityId] = run.Status switch
            {
                ActivityRunStatus.Completed => ActivityState.Executed,
                ActivityRunStatus.Faulted => ActivityState.Faulted,
                ActivityRunStatus.Suspended => ActivityState.Waiting,
                ActivityRunStatus.Cancelled => ActivityState.Cancelled,
                _ => ActivityState.Running,
            };
        }

        foreach (var bookmark in instance.Bookmarks)
        {
            states[bookmark.ActivityId] = ActivityState.Waiting;
        }

        return states;
    }

    /// <summary>Every activity but a composite root, whose drawing is the whole diagram.</summary>
    private static IEnumerable<ActivityNode> Activities(WorkflowDefinition definition) =>
        definition.AllActivities().Where(a => a != definition.Root || !a.Children().Any());

    private static ActivityPanel Panel(
        ActivityNode activity, DefinitionDiagrams diagrams, ActivityState state, IReadOnlyList<ActivityRun> runs,
        IReadOnlyList<WorkflowLogRecord> log, IReadOnlyList<WorkflowBookmarkView> bookmarks, IReadOnlyList<WorkflowIncidentRecord> incidents)
    {
        var inner = activity.Children().Any() ? "diagram-" + diagrams.Anchors[activity.Id] : null;
        var inputs = activity.Inputs.Select(i => new InputLine(i.Key, i.Value.Expression.Type, InputText(i.Key, i.Value.Expression))).ToList();
        var label = string.IsNullOrWhiteSpace(activity.Name) ? activity.Id : activity.Name;
        return new ActivityPanel(activity.Id, label, activity.Type, diagrams.Anchors[activity.Id], inner, state, inputs, runs, log, bookmarks, incidents);
    }

    /// <summary>What the definition binds to an input (a literal, a variable name, a script), secrets masked.</summary>
    private static string? InputText(string name, Expression expression)
    {
        if (SecretRedaction.IsSecretName(name) && expression.Value is not null)
        {
            return SecretRedaction.Mask;
        }

        if (expression.Value is JsonObject or JsonArray)
        {
            return SecretRedaction.Redact(expression.Value)?.ToJsonString();
        }

        // Elsa also writes object literals as JSON inside a string.
        var text = expression.Text;
        return text is not null && text.TrimStart() is ['{' or '[', ..] ? SecretRedaction.RedactJson(text) : text;
    }

    private static List<RenderedDiagram> Render(DefinitionDiagrams diagrams, IReadOnlyDictionary<string, ActivityState>? states) =>
        [.. diagrams.Diagrams.Select(d => new RenderedDiagram(d.Anchor, d.Title, FlowchartSvg.Render(d, states)))];
}
