using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ProfileEngine.Workflows.Definitions;

/// <summary>
/// Writes a definition back in Elsa 3's exported shape: known keys in Elsa's order, unknown keys as they were read,
/// flowchart connections always in the nested <c>{source:{activity,port}, target:{activity,port}}</c> format.
/// </summary>
public static class DefinitionWriter
{
    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Write(WorkflowDefinition definition) => ToJson(definition).ToJsonString(Indented);

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
        var json = new JsonObject { ["name"] = input.Name, ["typeName"] = input.TypeName };
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
