using System.Reflection;
using ProfileEngine.Workflows.Definitions;

namespace ProfileEngine.Workflows.Activities;

/// <summary>How the runtime treats an activity type.</summary>
public enum ActivityKind
{
    /// <summary>A <see cref="WorkflowActivity"/> class.</summary>
    Leaf,
    Flowchart,
    Sequence,
    If,
    ForEach,
    Fork,
}

public sealed record InputDescriptor(string Name, Type ClrType, bool Required, string? Description, PropertyInfo? Property);

public sealed record OutputDescriptor(string Name, Type ClrType, string? Description, PropertyInfo? Property);

/// <summary>What the loader, validator and executor know about one activity type.</summary>
public sealed class ActivityDescriptor
{
    public required string TypeName { get; init; }

    public int Version { get; init; } = 1;

    public string? Description { get; init; }

    public required ActivityKind Kind { get; init; }

    /// <summary>The class to create from DI (leaf activities only).</summary>
    public Type? ClrType { get; init; }

    public IReadOnlyList<InputDescriptor> Inputs { get; init; } = [];

    public IReadOnlyList<OutputDescriptor> Outputs { get; init; } = [];

    /// <summary>The out-ports a flowchart may connect from.</summary>
    public IReadOnlyList<string> Outcomes { get; init; } = [ActivityResult.DoneOutcome];

    /// <summary>Takes inputs and outputs of any name (a subflow's are those of the definition it runs).</summary>
    public bool HasOpenInputsAndOutputs { get; init; }

    /// <summary>Ports an activity node adds from its own properties (a switch's case labels, a fork's branches);
    /// null when they are only known at run time.</summary>
    public Func<ActivityNode, IReadOnlyList<string>?>? DynamicOutcomes { get; init; }

    /// <summary>Checks of a node's own properties beyond its inputs (e.g. a switch's cases): JSON path and reason.</summary>
    public Func<ActivityNode, IEnumerable<(string JsonPath, string Reason)>>? CheckNode { get; init; }

    /// <summary>The out-ports of this node, or null when any port may be right (they are computed at run time).</summary>
    public IReadOnlyList<string>? PortsOf(ActivityNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        if (DynamicOutcomes is null)
        {
            return Outcomes;
        }

        return DynamicOutcomes(node) is { } dynamic ? [.. Outcomes, .. dynamic] : null;
    }

    public InputDescriptor? FindInput(string name) =>
        Inputs.FirstOrDefault(i => i.Name.Equals(name, StringComparison.OrdinalIgnoreCase));

    public OutputDescriptor? FindOutput(string name) =>
        Outputs.FirstOrDefault(o => o.Name.Equals(name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Builds the descriptor of a <see cref="WorkflowActivity"/> class from its attributes and properties.</summary>
    public static ActivityDescriptor FromClass(Type activityType)
    {
        ArgumentNullException.ThrowIfNull(activityType);
        if (!typeof(WorkflowActivity).IsAssignableFrom(activityType) || activityType.IsAbstract)
        {
            throw new ArgumentException($"{activityType.FullName} is not a concrete WorkflowActivity.", nameof(activityType));
        }

        var attribute = activityType.GetCustomAttribute<ActivityAttribute>()
            ?? throw new ArgumentException($"{activityType.FullName} needs an [Activity(\"Namespace.Name\")] attribute.", nameof(activityType));
        if (!attribute.Type.Contains('.', StringComparison.Ordinal))
        {
            throw new ArgumentException($"{activityType.FullName}: the activity type '{attribute.Type}' must be Namespace.Name.", nameof(activityType));
        }

        var inputs = new List<InputDescriptor>();
        var outputs = new List<OutputDescriptor>();
        foreach (var property in activityType.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (!property.PropertyType.IsGenericType)
            {
                continue;
            }

            var generic = property.PropertyType.GetGenericTypeDefinition();
            var valueType = property.PropertyType.GetGenericArguments()[0];
            if (generic == typeof(Input<>))
            {
                var input = property.GetCustomAttribute<InputAttribute>();
                inputs.Add(new InputDescriptor(input?.Name ?? CamelCase(property.Name), valueType, input?.Required ?? false, input?.Description, property));
            }
            else if (generic == typeof(Output<>))
            {
                var output = property.GetCustomAttribute<OutputAttribute>();
                outputs.Add(new OutputDescriptor(output?.Name ?? CamelCase(property.Name), valueType, output?.Description, property));
            }
        }

        Func<ActivityNode, IReadOnlyList<string>?>? dynamicOutcomes = null;
        if (typeof(IHasDynamicOutcomes).IsAssignableFrom(activityType))
        {
            var method = activityType.GetMethod(nameof(IHasDynamicOutcomes.OutcomesOf), BindingFlags.Public | BindingFlags.Static, [typeof(ActivityNode)])!;
            dynamicOutcomes = method.CreateDelegate<Func<ActivityNode, IReadOnlyList<string>?>>();
        }

        Func<ActivityNode, IEnumerable<(string, string)>>? checkNode = null;
        if (typeof(IChecksItsNode).IsAssignableFrom(activityType))
        {
            var method = activityType.GetMethod(nameof(IChecksItsNode.CheckNode), BindingFlags.Public | BindingFlags.Static, [typeof(ActivityNode)])!;
            checkNode = method.CreateDelegate<Func<ActivityNode, IEnumerable<(string, string)>>>();
        }

        return new ActivityDescriptor
        {
            DynamicOutcomes = dynamicOutcomes,
            CheckNode = checkNode,
            HasOpenInputsAndOutputs = attribute.OpenInputsAndOutputs,
            TypeName = attribute.Type,
            Version = attribute.Version,
            Description = attribute.Description,
            Kind = ActivityKind.Leaf,
            ClrType = activityType,
            Inputs = inputs,
            Outputs = outputs,
            Outcomes = attribute.Outcomes,
        };
    }

    private static string CamelCase(string name) => char.ToLowerInvariant(name[0]) + name[1..];
}

/// <summary>An activity whose out-ports come from its definition (Elsa's dynamic outcomes), e.g. FlowSwitch's case labels.</summary>
public interface IHasDynamicOutcomes
{
    /// <summary>The extra ports of <paramref name="node"/>, or null when they are only known at run time.</summary>
    static abstract IReadOnlyList<string>? OutcomesOf(ActivityNode node);
}

/// <summary>An activity with properties of its own (not inputs) that the validator should check at load.</summary>
public interface IChecksItsNode
{
    /// <summary>The problems of <paramref name="node"/>'s own properties: JSON path and reason, none when all is well.</summary>
    static abstract IEnumerable<(string JsonPath, string Reason)> CheckNode(ActivityNode node);
}
