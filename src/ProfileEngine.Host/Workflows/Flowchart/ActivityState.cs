namespace ProfileEngine.Host.Workflows.Flowchart;

/// <summary>How far an instance got with one activity, as its box is coloured.</summary>
public enum ActivityState
{
    NotRun,
    Executed,
    Running,
    Waiting,
    Faulted,
    Cancelled,
}

/// <summary>The colours of each state, shared by the boxes and the legend.</summary>
public static class ActivityStateStyle
{
    public static (string Fill, string Stroke) Colours(ActivityState state) => state switch
    {
        ActivityState.Executed => ("#dff3e2", "#21772f"),
        ActivityState.Running => ("#e3edf9", "#2a5d9f"),
        ActivityState.Waiting => ("#fff1cc", "#b7791f"),
        ActivityState.Faulted => ("#fde4e2", "#b42318"),
        ActivityState.Cancelled => ("#eceff3", "#65707e"),
        _ => ("#ffffff", "#8795a8"),
    };

    public static string Describe(ActivityState state) => state switch
    {
        ActivityState.NotRun => "not run",
        ActivityState.Executed => "executed",
        ActivityState.Running => "running",
        ActivityState.Waiting => "waiting (bookmarked)",
        ActivityState.Faulted => "faulted",
        ActivityState.Cancelled => "cancelled",
        _ => state.ToString(),
    };

    /// <summary>The CSS class (and <c>data-state</c>) of a box in this state.</summary>
    public static string CssName(ActivityState state) => state switch
    {
        ActivityState.NotRun => "not-run",
        _ => state.ToString().ToLowerInvariant(),
    };
}
