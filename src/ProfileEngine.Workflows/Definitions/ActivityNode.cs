using System.Text.Json.Nodes;

namespace ProfileEngine.Workflows.Definitions;

/// <summary>
/// One activity in a definition: the Elsa envelope (<c>id, type, version, name, nodeId, customProperties,
/// metadata</c>), its input and output bindings, the children of composite activities, and every other key kept as is.
/// </summary>
public sealed class ActivityNode
{
    public required string Id { get; set; }

    /// <summary><c>Namespace.Name</c>, e.g. <c>Elsa.WriteLine</c> or <c>ProfileEngine.Sam.StartReclaim</c>.</summary>
    public required string Type { get; set; }

    public int? Version { get; set; }

    public string? Name { get; set; }

    public string? NodeId { get; set; }

    public JsonObject? CustomProperties { get; set; }

    /// <summary>Designer data and the like: kept, never interpreted.</summary>
    public JsonObject? Metadata { get; set; }

    public Dictionary<string, InputBinding> Inputs { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, OutputBinding> Outputs { get; } = new(StringComparer.Ordinal);

    /// <summary>Children of <c>Elsa.Flowchart</c> and <c>Elsa.Sequence</c>.</summary>
    public List<ActivityNode>? Activities { get; set; }

    /// <summary>Connections of <c>Elsa.Flowchart</c>.</summary>
    public List<Connection>? Connections { get; set; }

    /// <summary>Whether the file used the legacy flat connection format (it is written back in the nested one).</summary>
    public bool HadLegacyConnections { get; set; }

    /// <summary>Variables declared on a flowchart itself.</summary>
    public List<VariableDefinition>? Variables { get; set; }

    /// <summary>The branches of <c>Elsa.If</c>.</summary>
    public ActivityNode? Then { get; set; }

    public ActivityNode? Else { get; set; }

    /// <summary>The branches of <c>Elsa.Fork</c>, run side by side.</summary>
    public List<ActivityNode>? Branches { get; set; }

    /// <summary>The body of <c>Elsa.ForEach</c>, run once per item.</summary>
    public ActivityNode? Body { get; set; }

    /// <summary>Every other key, in file order (for example SetVariable's <c>variable</c> reference).</summary>
    public JsonObject Extensions { get; } = [];

    /// <summary>Where this activity sits in its file, e.g. <c>$.root.activities[2]</c>.</summary>
    public string JsonPath { get; set; } = "$.root";

    public IEnumerable<ActivityNode> Children()
    {
        if (Activities is not null)
        {
            foreach (var child in Activities)
            {
                yield return child;
            }
        }

        if (Then is not null)
        {
            yield return Then;
        }

        if (Else is not null)
        {
            yield return Else;
        }

        if (Body is not null)
        {
            yield return Body;
        }

        foreach (var branch in Branches ?? [])
        {
            yield return branch;
        }
    }

    public IEnumerable<ActivityNode> SelfAndDescendants()
    {
        yield return this;
        foreach (var child in Children())
        {
            foreach (var node in child.SelfAndDescendants())
            {
                yield return node;
            }
        }
    }
}

/// <summary>An input: <c>{typeName, expression: {type, value}}</c>.</summary>
public sealed class InputBinding
{
    public string TypeName { get; set; } = "Object";

    public required Expression Expression { get; set; }

    /// <summary>Other keys of the input object (older exports carry <c>memoryReference</c>).</summary>
    public JsonObject Extensions { get; } = [];

    public string JsonPath { get; set; } = "$";
}

/// <summary>An expression: <c>{type, value}</c>; the type defaults to Literal as in Elsa.</summary>
public sealed record Expression(string Type, JsonNode? Value)
{
    public const string Literal = "Literal";
    public const string Variable = "Variable";
    public const string JavaScript = "JavaScript";

    /// <summary>A JSON literal, its value the JSON text (Elsa's ObjectExpressionHandler; <c>Json</c> is its obsolete name).</summary>
    public const string ObjectLiteral = "Object";
    public const string ObsoleteJson = "Json";

    /// <summary>
    /// The id or name of the variable a Variable expression reads. Elsa Studio writes the value as the variable object
    /// <c>{id, name, typeName, …}</c>, or as that object's JSON text (elsa-core
    /// src/modules/Elsa.Workflows.Management/Providers/DefaultExpressionDescriptorProvider.cs, CreateVariableDescriptor,
    /// deserializes either into a Variable and reads it by id); hand-written files give the bare name.
    /// </summary>
    public string? VariableReference => Value switch
    {
        JsonObject variable => NameOrId(variable),
        JsonValue v when v.TryGetValue<string>(out var text) && text.TrimStart().StartsWith('{') => ParseObject(text) is { } parsed ? NameOrId(parsed) : text,
        JsonValue v when v.TryGetValue<string>(out var text) => text,
        _ => null,
    };

    private static string? NameOrId(JsonObject variable) =>
        (variable["id"] ?? variable["Id"]) is JsonValue id && id.TryGetValue<string>(out var idText) && idText.Length > 0 ? idText
        : (variable["name"] ?? variable["Name"]) is JsonValue name && name.TryGetValue<string>(out var nameText) ? nameText
        : null;

    private static JsonObject? ParseObject(string text)
    {
        try
        {
            return JsonNode.Parse(text) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    /// <summary>The value as text (Elsa stores scripts, variable names and most literals as strings).</summary>
    public string? Text => Value switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => Value.ToJsonString(),
    };
}

/// <summary>An output bound to a variable: <c>{typeName, memoryReference: {id}}</c>.</summary>
public sealed class OutputBinding
{
    public string TypeName { get; set; } = "Object";

    public required string MemoryReferenceId { get; set; }

    public JsonObject Extensions { get; } = [];

    public string JsonPath { get; set; } = "$";
}

/// <summary>A flowchart connection from one activity's out-port to another's in-port.</summary>
public sealed class Connection
{
    public required string SourceActivity { get; set; }

    public string SourcePort { get; set; } = "Done";

    public required string TargetActivity { get; set; }

    public string TargetPort { get; set; } = "In";

    public JsonArray? Vertices { get; set; }

    public JsonObject Extensions { get; } = [];

    public string JsonPath { get; set; } = "$";
}
