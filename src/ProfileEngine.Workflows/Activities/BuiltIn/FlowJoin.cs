namespace ProfileEngine.Workflows.Activities.BuiltIn;

/// <summary>
/// Merges flowchart branches explicitly. The waiting is done by the flowchart (see WorkflowExecution.Flowchart.cs);
/// this activity only checks its mode and completes. Elsa: Activities/Flowchart/Activities/FlowJoin.cs, input
/// <c>Mode</c> of type <c>FlowJoinMode</c> {WaitAll, WaitAllActive, WaitAny}, default WaitAny (Models/FlowJoinMode.cs).
/// </summary>
[Activity(TypeName, Description = "Merges branches: WaitAny (first arrival, the others are cancelled), WaitAll or WaitAllActive.")]
public sealed class FlowJoin : WorkflowActivity
{
    public const string TypeName = "Elsa.FlowJoin";
    public const string WaitAny = "WaitAny";
    public const string WaitAll = "WaitAll";
    public const string WaitAllActive = "WaitAllActive";

    public override bool HasSideEffects => false;

    [Input(Description = "WaitAny (default), WaitAll or WaitAllActive.")]
    public Input<string> Mode { get; } = new();

    /// <summary>The mode named by <paramref name="text"/> (any case, Elsa's enum numbers too), or null.</summary>
    public static string? ParseMode(string? text) => text?.Trim() switch
    {
        null or "" => WaitAny,
        var t when t.Equals(WaitAny, StringComparison.OrdinalIgnoreCase) || t == "2" => WaitAny,
        var t when t.Equals(WaitAll, StringComparison.OrdinalIgnoreCase) || t == "0" => WaitAll,
        var t when t.Equals(WaitAllActive, StringComparison.OrdinalIgnoreCase) || t == "1" => WaitAllActive,
        _ => null,
    };

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (ParseMode(Mode.Value) is null)
        {
            throw new InvalidOperationException($"the join mode '{Mode.Value}' is not one of {WaitAny}, {WaitAll}, {WaitAllActive}");
        }

        return ValueTask.FromResult(ActivityResult.Done());
    }
}
