using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using ProfileEngine.Workflows.Activities;
using ProfileEngine.Workflows.Definitions.Layout;
using ProfileEngine.Workflows.Expressions;

namespace ProfileEngine.Workflows.Definitions;

/// <summary>
/// Writes a definition back in Elsa 3's exported shape: known keys in Elsa's order, unknown keys as they were read,
/// flowchart connections always in the nested <c>{source:{activity,port}, target:{activity,port}}</c> format.
/// <see cref="Write"/> keeps the document as it was read (what the store keeps); <see cref="Export"/> writes what a
/// real Elsa 3 and Elsa Studio read (see <see cref="Export"/>).
/// </summary>
public static class DefinitionWriter
{
    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Write(WorkflowDefinition definition) => ToJson(definition).ToJsonString(Indented);

    /// <summary>
    /// The definition as a real Elsa 3 imports it, with the same meaning:
    /// <list type="bullet">
    /// <item>workflow inputs with <c>type</c> (InputDefinition.Type, elsa-core src/modules/Elsa.Workflows.Core/Models/ArgumentDefinition.cs);
    /// type names as Elsa's aliases (Expressions/TypeNames.cs), an activity input's <c>typeName</c> from the activity's own input type;</item>
    /// <item>variable <c>value</c> as text or null (VariableDefinition.Value is a string, Models/VariableDefinition.cs);</item>
    /// <item>JSON object and array literals as Elsa writes them: <c>{"type": "Object", "value": "&lt;JSON text&gt;"}</c>
    /// (Expressions/ObjectExpressionHandler.cs parses the text);</item>
    /// <item>retries also under Elsa's <c>customProperties.resilienceStrategy</c> (see <see cref="ElsaResilienceStrategy"/>);</item>
    /// <item><c>metadata.designer.position</c> for every activity of a flowchart or sequence, laid out by
    /// <see cref="FlowchartLayout"/> where the definition has none.</item>
    /// </list>
    /// </summary>
    /// <param name="registry">The activity types, for each input's type; without it the type names given are kept.</param>
    public static string Export(WorkflowDefinition definition, ActivityRegistry? registry = null) =>
        ToElsaJson(definition, registry).ToJsonString(Indented);

    public static JsonObject ToElsaJson(WorkflowDefinition definition, ActivityRegistry? registry = null)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var json = new JsonObject { ["$schema"] = definition.Schema ?? WorkflowDefinition.ElsaSchema };
        CopyInto(json, ToJson(definition));
        json["variables"] = new JsonArray([.. definition.Variables.Select(ExportVariable)]);
        json["inputs"] = new JsonArray([.. definition.Inputs.Select(ExportInput)]);
        json["root"] = ExportActivity(definition.Root, registry, position: null);
        MoveLast(json, "root");
        return json;
    }

    private static void MoveLast(JsonObject json, string key)
    {
        var value = json[key];
        json.Remove(key);
        json[key] = value;
    }

    private static string ElsaTypeName(string typeName) =>
        TypeNames.Resolve(typeName) is { } type ? TypeNames.NameOf(type) : typeName;

    private static JsonObject ExportVariable(VariableDefinition variable)
    {
        var json = WriteVariable(variable);
        json["typeName"] = ElsaTypeName(variable.TypeName);
        json["value"] = variable.Value switch
        {
            null => null,
            JsonValue v when v.TryGetValue<string>(out var text) => text,
            JsonValue v => v.ToJsonString(),
            var other => other.ToJsonString(),
        };
        return json;
    }

    private static JsonObject ExportInput(WorkflowInputDefinition input)
    {
        var json = new JsonObject { ["name"] = input.Name, ["type"] = ElsaTypeName(input.TypeName) };
        CopyInto(json, input.Extensions);
        json.Remove("typeName");
        return json;
    }

    private static JsonObject ExportActivity(ActivityNode node, ActivityRegistry? registry, LayoutPosition? position)
    {
        var json = WriteActivity(node);
        var descriptor = registry?.Find(node.Type);
        foreach (var (name, input) in node.Inputs)
        {
            var inputJson = (JsonObject)json[name]!;
            inputJson["typeName"] = descriptor?.FindInput(name) is { } declared ? TypeNames.NameOf(declared.ClrType) : ElsaTypeName(input.TypeName);
            if (input.Expression is { Type: Expression.Literal, Value: JsonObject or JsonArray } literal)
            {
                inputJson["expression"] = new JsonObject { ["type"] = Expression.ObjectLiteral, ["value"] = literal.Value.ToJsonString() };
            }
        }

        json["version"] ??= node.Version ?? descriptor?.Version ?? 1;
        if (node.CustomProperties?[Runtime.RetryPolicies.Property] is { } retryPolicy
            && !node.CustomProperties.ContainsKey(ElsaResilienceStrategy.Property)
            && ElsaResilienceStrategy.FromRetryPolicy(retryPolicy) is { } strategy)
        {
            var customProperties = (JsonObject)json["customProperties"]!;
            customProperties[ElsaResilienceStrategy.Property] = strategy;
        }

        if (position is { } at && !HasPosition(node))
        {
            var metadata = json["metadata"] as JsonObject ?? [];
            var designer = metadata["designer"] as JsonObject ?? [];
            designer["position"] = new JsonObject { ["x"] = at.X, ["y"] = at.Y };
            metadata["designer"] = designer;
            json["metadata"] = metadata;
        }

        if (node.Activities is { } children)
        {
            var layout = children.All(HasPosition) ? null : FlowchartLayout.Arrange(node);
            json["activities"] = new JsonArray([.. children.Select(child =>
                ExportActivity(child, registry, layout?.GetValueOrDefault(child.Id) ?? (HasPosition(child) ? null : new LayoutPosition(0, 0))))]);
        }

        if (node.Then is not null)
        {
            json["then"] = ExportActivity(node.Then, registry, new LayoutPosition(0, 0));
        }

        if (node.Else is not null)
        {
            json["else"] = ExportActivity(node.Else, registry, new LayoutPosition(0, 0));
        }

        return json;
    }

    private static bool HasPosition(ActivityNode node) =>
        node.Metadata?["designer"]?["position"] is JsonObject position && position["x"] is JsonValue && position["y"] is JsonValue;

    public static JsonObject ToJson(WorkflowDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var json = new JsonObject();
        Put(json, "$schema", definition.Schema);
        Put(json, "id", definition.Id);
        json["definitionId"] = definition.DefinitionId;
        Put(json, "name", definition.Name);
        Put(json, "description", definition.Description);
        if (definition.CreatedAt is { } createdAt)
        {
            json["createdAt"] = definition.CreatedAtText is { } text
                && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
                && parsed == createdAt
                    ? text
                    : createdAt.ToString("O", CultureInfo.InvariantCulture);
        }

        if (definition.Version is { } version)
        {
            json["version"] = version;
        }

        json["variables"] = new JsonArray([.. definition.Variables.Select(WriteVariable)]);
        json["inputs"] = new JsonArray([.. definition.Inputs.Select(WriteInput)]);
        Put(json, "outcomes", definition.Outcomes);
        Put(json, "customProperties", definition.CustomProperties);
        if (definition.IsLatest is { } isLatest)
        {
            json["isLatest"] = isLatest;
        }

        if (definition.IsPublished is { } isPublished)
        {
            json["isPublished"] = isPublished;
        }

        Put(json, "options", definition.Options);
        CopyInto(json, definition.Extensions);
        json["root"] = WriteActivity(definition.Root);
        return json;
    }

    private static JsonObject WriteActivity(ActivityNode node)
    {
        var json = new JsonObject();
        foreach (var (name, input) in node.Inputs)
        {
            var expression = new JsonObject { ["type"] = input.Expression.Type, ["value"] = input.Expression.Value?.DeepClone() };
            var inputJson = new JsonObject { ["typeName"] = input.TypeName, ["expression"] = expression };
            CopyInto(inputJson, input.Extensions);
            json[name] = inputJson;
        }

        foreach (var (name, output) in node.Outputs)
        {
            var outputJson = new JsonObject
            {
                ["typeName"] = output.TypeName,
                ["memoryReference"] = new JsonObject { ["id"] = output.MemoryReferenceId },
            };
            CopyInto(outputJson, output.Extensions);
            json[name] = outputJson;
        }

        CopyInto(json, node.Extensions);
        json["id"] = node.Id;
        Put(json, "nodeId", node.NodeId);
        Put(json, "name", node.Name);
        json["type"] = node.Type;
        if (node.Version is { } version)
        {
            json["version"] = version;
        }

        Put(json, "customProperties", node.CustomProperties);
        Put(json, "metadata", node.Metadata);
        if (node.Variables is not null)
        {
            json["variables"] = new JsonArray([.. node.Variables.Select(WriteVariable)]);
        }

        if (node.Activities is not null)
        {
            json["activities"] = new JsonArray([.. node.Activities.Select(WriteActivity)]);
        }

        if (node.Connections is not null)
        {
            json["connections"] = new JsonArray([.. node.Connections.Select(WriteConnection)]);
        }

        if (node.Type == "Elsa.If")
        {
            json["then"] = node.Then is null ? null : WriteActivity(node.Then);
            json["else"] = node.Else is null ? null : WriteActivity(node.Else);
        }

        if (node.Type == "Elsa.ForEach")
        {
            json["body"] = node.Body is null ? null : WriteActivity(node.Body);
        }

        if (node.Branches is not null)
        {
            json["branches"] = new JsonArray([.. node.Branches.Select(WriteActivity)]);
        }

        return json;
    }

    private static JsonObject WriteConnection(Connection connection)
    {
        var json = new JsonObject
        {
            ["source"] = new JsonObject { ["activity"] = connection.SourceActivity, ["port"] = connection.SourcePort },
            ["target"] = new JsonObject { ["activity"] = connection.TargetActivity, ["port"] = connection.TargetPort },
            ["vertices"] = connection.Vertices?.DeepClone() ?? new JsonArray(),
        };
        CopyInto(json, connection.Extensions);
        return json;
    }

    private static JsonObject WriteVariable(VariableDefinition variable)
    {
        var json = new JsonObject();
        Put(json, "id", variable.Id);
        json["name"] = variable.Name;
        json["typeName"] = variable.TypeName;
        if (variable.IsArray is { } isArray)
        {
            json["isArray"] = isArray;
        }

        json["value"] = variable.Value?.DeepClone();
        CopyInto(json, variable.Extensions);
        return json;
    }

    private static JsonObject WriteInput(WorkflowInputDefinition input)
    {
        var json = new JsonObject { ["name"] = input.Name, [input.UsedTypeNameKey ? "typeName" : "type"] = input.TypeName };
        CopyInto(json, input.Extensions);
        return json;
    }

    private static void Put(JsonObject json, string key, string? value)
    {
        if (value is not null)
        {
            json[key] = value;
        }
    }

    private static void Put(JsonObject json, string key, JsonNode? value)
    {
        if (value is not null)
        {
            json[key] = value.DeepClone();
        }
    }

    private static void CopyInto(JsonObject target, JsonObject extras)
    {
        foreach (var (key, value) in extras)
        {
            target[key] = value?.DeepClone();
        }
    }
}
