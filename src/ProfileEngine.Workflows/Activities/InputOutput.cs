namespace ProfileEngine.Workflows.Activities;

internal interface IActivityInput
{
    void Assign(object? value);
}

internal interface IActivityOutput
{
    bool HasValue { get; }

    object? BoxedValue { get; }
}

/// <summary>A typed activity input. The runtime evaluates the definition's expression and assigns the value before
/// <see cref="WorkflowActivity.ExecuteAsync"/> runs.</summary>
public sealed class Input<T> : IActivityInput
{
    public T? Value { get; private set; }

    /// <summary>Whether the definition supplied this input (an optional input may be absent).</summary>
    public bool HasValue { get; private set; }

    void IActivityInput.Assign(object? value)
    {
        Value = (T?)value;
        HasValue = true;
    }

    public T Get() => HasValue && Value is not null ? Value : throw new InvalidOperationException($"The input of type {typeof(T).Name} has no value.");

    public T GetOrDefault(T fallback) => HasValue && Value is not null ? Value : fallback;
}

/// <summary>A typed activity output. Set it during execution; the runtime stores it in the variable the definition
/// binds it to (<c>memoryReference</c>) and in the execution record.</summary>
public sealed class Output<T> : IActivityOutput
{
    private T? _value;

    public bool HasValue { get; private set; }

    object? IActivityOutput.BoxedValue => _value;

    public void Set(T value)
    {
        _value = value;
        HasValue = true;
    }
}
