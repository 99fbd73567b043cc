namespace ProfileEngine.Workflows.Activities.BuiltIn;

/// <summary>
/// Faults the instance with a message, like any failed activity (an incident, the fault message on the instance, an
/// operator can retry). Elsa: Activities/Fault.cs, inputs <c>code</c>, <c>category</c>, <c>faultType</c>, <c>message</c>.
/// </summary>
[Activity("Elsa.Fault", Description = "Faults the workflow with a message.")]
public sealed class Fault : WorkflowActivity
{
    public override bool HasSideEffects => false;

    [Input(Description = "The message to fault with.")]
    public Input<string> Message { get; } = new();

    [Input(Description = "A code to categorize the fault.")]
    public Input<string> Code { get; } = new();

    [Input(Description = "A category, e.g. HTTP or Business.")]
    public Input<string> Category { get; } = new();

    [Input(Description = "The type of fault, e.g. System, Business, Integration.")]
    public Input<string> FaultType { get; } = new();

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        var message = Message.GetOrDefault(string.Empty) is { Length: > 0 } text ? text : "the workflow faulted on purpose";
        var details = new[] { ("code", Code.GetOrDefault(string.Empty)), ("category", Category.GetOrDefault(string.Empty)), ("type", FaultType.GetOrDefault(string.Empty)) }
            .Where(d => d.Item2.Length > 0)
            .Select(d => $"{d.Item1} {d.Item2}")
            .ToList();
        throw new WorkflowFaultException(details.Count == 0 ? message : $"{message} ({string.Join(", ", details)})");
    }
}

/// <summary>Thrown by Elsa.Fault: the definition itself decided to fault.</summary>
public sealed class WorkflowFaultException(string message) : Exception(message);

/// <summary>
/// Ends the whole workflow as Finished; activities still running or waiting on other branches are cancelled. Elsa:
/// Activities/Finish.cs (clears the scheduler, the bookmarks and the completion callbacks, then Finished).
/// </summary>
[Activity("Elsa.Finish", Description = "Finishes the workflow; other branches stop.")]
public sealed class Finish : WorkflowActivity
{
    public override bool HasSideEffects => false;

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult(ActivityResult.FinishWorkflow());
}
