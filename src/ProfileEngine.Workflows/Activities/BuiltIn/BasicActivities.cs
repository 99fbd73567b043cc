using System.Text.Json.Nodes;

namespace ProfileEngine.Workflows.Activities.BuiltIn;

[Activity("Elsa.Start", Description = "Where a flowchart begins.")]
public sealed class StartActivity : WorkflowActivity
{
    public override bool HasSideEffects => false;

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult(ActivityResult.Done());
}

/// <summary>Ends the flowchart it is in: activities still pending there are cancelled.</summary>
[Activity("Elsa.End", Description = "Ends the enclosing flowchart.")]
public sealed class EndActivity : WorkflowActivity
{
    public override bool HasSideEffects => false;

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult(ActivityResult.Done());
}

[Activity("Elsa.WriteLine", Description = "Writes a line to the instance log.")]
public sealed class WriteLine : WorkflowActivity
{
    public override bool HasSideEffects => false;

    // Not required: Elsa's own files leave it null, and Elsa writes an empty line then.
    [Input(Description = "The text to write.")]
    public Input<string> Text { get; } = new();

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Log(Text.GetOrDefault(string.Empty));
        return ValueTask.FromResult(ActivityResult.Done());
    }
}

/// <summary>Sets a variable; the variable is referenced Elsa-style as <c>"variable": {"id": …, "name": …}</c>.</summary>
[Activity("Elsa.SetVariable", Description = "Sets a workflow variable.")]
public sealed class SetVariable : WorkflowActivity
{
    public override bool HasSideEffects => false;

    public const string VariableProperty = "variable";

    [Input(Description = "The value to store.")]
    public Input<JsonNode> Value { get; } = new();

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var reference = ReferencedVariable(context.Node.Extensions[VariableProperty])
            ?? throw new InvalidOperationException($"Activity '{context.ActivityId}' does not name the variable to set.");
        context.SetVariable(reference, Value.Value);
        return ValueTask.FromResult(ActivityResult.Done());
    }

    /// <summary>The id (preferred) or name of the variable a <c>variable</c> property points at.</summary>
    public static string? ReferencedVariable(JsonNode? property) => property switch
    {
        JsonObject o => (o["id"] ?? o["name"])?.GetValue<string>(),
        JsonValue v when v.TryGetValue<string>(out var name) => name,
        _ => null,
    };
}

[Activity("Elsa.FlowDecision", Description = "Continues on True or False.", Outcomes = ["True", "False"])]
public sealed class FlowDecision : WorkflowActivity
{
    public override bool HasSideEffects => false;

    [Input(Required = true, Description = "The condition.")]
    public Input<bool> Condition { get; } = new();

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult(ActivityResult.Outcome(Condition.Value ? "True" : "False"));
}

/// <summary>Waits until an event with this name is published for the instance's correlation id.</summary>
[Activity("Elsa.Event", Description = "Waits for a named event.")]
public sealed class EventActivity : WorkflowActivity
{
    public override bool HasSideEffects => false;

    [Input(Required = true, Description = "The event to wait for.")]
    public Input<string> EventName { get; } = new();

    [Output(Description = "The payload the event was published with.")]
    public Output<JsonNode?> Result { get; } = new();

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return ValueTask.FromResult(ActivityResult.Suspend(BookmarkRequest.ForEvent(EventName.Get(), context.CorrelationId)));
    }

    public override ValueTask<ActivityResult> ResumeAsync(ActivityContext context, BookmarkResumption resumption, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(resumption);
        Result.Set(resumption.Payload);
        return ValueTask.FromResult(ActivityResult.Done());
    }
}

/// <summary>Waits for a time span; the bookmark's due time is what the scheduler wakes.</summary>
[Activity("Elsa.Delay", Description = "Waits for a time span.")]
public sealed class Delay : WorkflowActivity
{
    public override bool HasSideEffects => false;

    [Input(Required = true, Description = "How long to wait, e.g. 00:05:00 or PT5M.")]
    public Input<TimeSpan> TimeSpan { get; } = new();

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var due = context.Clock.GetUtcNow() + TimeSpan.Get();
        return ValueTask.FromResult(ActivityResult.Suspend(BookmarkRequest.Until(due)));
    }
}
