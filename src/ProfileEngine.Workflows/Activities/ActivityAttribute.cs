namespace ProfileEngine.Workflows.Activities;

/// <summary>
/// Names an activity class for definitions: its <c>type</c> (<c>Namespace.Name</c>), version and the outcomes (flowchart
/// out-ports) it can complete with.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class ActivityAttribute(string type) : Attribute
{
    public string Type { get; } = type;

    public int Version { get; init; } = 1;

    public string? Description { get; init; }

    public string[] Outcomes { get; init; } = [ActivityResult.DoneOutcome];

    /// <summary>The activity reads its inputs and writes its outputs by name itself (the definition decides them).</summary>
    public bool OpenInputsAndOutputs { get; init; }
}

/// <summary>Describes an <see cref="Input{T}"/> property: its JSON name (camelCase by default) and whether it is required.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class InputAttribute : Attribute
{
    public string? Name { get; init; }

    public bool Required { get; init; }

    public string? Description { get; init; }
}

/// <summary>Describes an <see cref="Output{T}"/> property (JSON name camelCase by default).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class OutputAttribute : Attribute
{
    public string? Name { get; init; }

    public string? Description { get; init; }
}
