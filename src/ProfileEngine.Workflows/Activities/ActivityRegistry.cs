namespace ProfileEngine.Workflows.Activities;

/// <summary>A leaf activity class registered with <c>AddWorkflowActivity&lt;T&gt;()</c>.</summary>
public sealed record ActivityRegistration(Type ActivityType);

/// <summary>Every activity type definitions may use: the composite built-ins plus the registered classes.</summary>
public sealed class ActivityRegistry
{
    public const string Flowchart = "Elsa.Flowchart";
    public const string Sequence = "Elsa.Sequence";
    public const string If = "Elsa.If";
    public const string End = "Elsa.End";
    public const string ForEach = "Elsa.ForEach";
    public const string Fork = "Elsa.Fork";

    private readonly Dictionary<string, ActivityDescriptor> _byType = new(StringComparer.Ordinal);

    public ActivityRegistry(IEnumerable<ActivityRegistration> registrations)
    {
        ArgumentNullException.ThrowIfNull(registrations);
        Add(new ActivityDescriptor { TypeName = Flowchart, Kind = ActivityKind.Flowchart, Description = "Activities joined by connections." });
        Add(new ActivityDescriptor { TypeName = Sequence, Kind = ActivityKind.Sequence, Description = "Activities run one after another." });
        Add(new ActivityDescriptor
        {
            TypeName = If,
            Kind = ActivityKind.If,
            Description = "Runs 'then' or 'else' by a condition.",
            Inputs = [new InputDescriptor("condition", typeof(bool), true, "The condition.", null)],
            Outcomes = ["True", "False", ActivityResult.DoneOutcome],
        });
        // Elsa: Activities/ForEachT.cs, input Items, port Body, output CurrentValue.
        Add(new ActivityDescriptor
        {
            TypeName = ForEach,
            Kind = ActivityKind.ForEach,
            Description = "Runs 'body' once per item of 'items', one after another.",
            Inputs = [new InputDescriptor("items", typeof(System.Text.Json.Nodes.JsonNode), false, "The list to go through.", null)],
            Outputs = [new OutputDescriptor("currentValue", typeof(object), "The item of the current iteration.", null)],
        });
        // Elsa: Activities/Fork.cs, activities in 'branches', plain property 'joinMode' (Enums/ForkJoinMode.cs: WaitAll, WaitAny).
        Add(new ActivityDescriptor { TypeName = Fork, Kind = ActivityKind.Fork, Description = "Runs 'branches' side by side; 'joinMode' WaitAll (default) or WaitAny." });
        foreach (var registration in registrations.DistinctBy(r => r.ActivityType))
        {
            Add(ActivityDescriptor.FromClass(registration.ActivityType));
        }
    }

    public IEnumerable<ActivityDescriptor> All => _byType.Values;

    public ActivityDescriptor? Find(string typeName) => _byType.GetValueOrDefault(typeName);

    /// <summary>
    /// The descriptor of a node: by its type, or, for a node carrying <c>workflowDefinitionId</c> under a type of its
    /// own (Elsa names such a node after the definition it runs), the subflow activity.
    /// </summary>
    public ActivityDescriptor? Resolve(Definitions.ActivityNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return Find(node.Type) ?? (BuiltIn.WorkflowDefinitionActivity.DefinitionIdOf(node) is not null ? Find(BuiltIn.WorkflowDefinitionActivity.TypeName) : null);
    }

    private void Add(ActivityDescriptor descriptor)
    {
        if (!_byType.TryAdd(descriptor.TypeName, descriptor))
        {
            throw new InvalidOperationException($"Two activity classes claim the type '{descriptor.TypeName}'.");
        }
    }
}
