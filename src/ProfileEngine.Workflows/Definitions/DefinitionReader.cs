using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ProfileEngine.Workflows.Activities;

namespace ProfileEngine.Workflows.Definitions;

/// <summary>
/// Reads an Elsa 3 definition document as Elsa does. Structural mistakes (malformed JSON, wrong shapes) come back as
/// problems naming the source and the JSON path; semantic checks are the validator's. What Elsa tolerates is read, with
/// a warning where something was filled in or ignored.
/// </summary>
/// <remarks>
/// Elsa's rules, from elsa-core (v3, commit 1c0fb909):
/// <list type="bullet">
/// <item>Inputs: src/modules/Elsa.Workflows.Core/Serialization/Converters/InputJsonConverter.cs. An object is an
/// input only when it has <c>typeName</c>; a bare value (<c>"text": "Hello"</c>) is a Literal; the input's type comes
/// from the activity's property, not from <c>typeName</c>. So a registry is needed to read bare values.</item>
/// <item>Connections: src/modules/Elsa.Workflows.Core/Activities/Flowchart/Serialization/FlowchartJsonConverter.cs
/// (DeserializeConnections): a <c>{"$values": [...]}</c> wrapper, a single connection object, flat connections whose
/// <c>source</c>/<c>target</c> are activity ids (ports optional), the 2023 format with <c>sourcePort</c>
/// (ObsoleteConnectionJsonConverter.cs), and the nested one (ConnectionJsonConverter.cs, PascalCase accepted).</item>
/// <item>Missing ids: the importer creates a definition id when the file has none
/// (src/modules/Elsa.Workflows.Management/Services/WorkflowDefinitionImporter.cs); activities without an id get
/// <c>{ShortTypeName}{n}</c> (src/modules/Elsa.Workflows.Core/Services/IdentityGraphService.cs, CreateId). Here the
/// definition id comes from the file name, so reloading a folder finds the same definition again.</item>
/// </list>
/// </remarks>
public static class DefinitionReader
{
    private static readonly JsonNodeOptions NodeOptions = new() { PropertyNameCaseInsensitive = true };

    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Skip,
        MaxDepth = 128,
    };

    /// <param name="registry">The activity types, to read bare-value inputs and inputs whose key differs in case; without
    /// it only <c>{typeName, expression}</c> objects are inputs (enough for what this runtime itself stored).</param>
    public static DefinitionReadResult Read(string json, string source, ActivityRegistry? registry = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonNode? document;
        try
        {
            document = JsonNode.Parse(json, NodeOptions, DocumentOptions);
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line
                ? $"line {line + 1}, position {(e.BytePositionInLine ?? 0) + 1}"
                : "$";
            return DefinitionReadResult.Failed(new DefinitionProblem(source, where, $"malformed JSON: {FirstSentence(e.Message)}"));
        }

        if (document is not JsonObject root)
        {
            return DefinitionReadResult.Failed(new DefinitionProblem(source, "$", "a workflow definition must be a JSON object"));
        }

        var reader = new Reader(source, registry);
        var definition = reader.ReadDocument(root);
        return reader.Problems.Count == 0 && definition is not null
            ? new DefinitionReadResult(definition, []) { Warnings = reader.Warnings }
            : new DefinitionReadResult(null, reader.Problems) { Warnings = reader.Warnings };
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }

    /// <summary>Where Elsa's own files keep an array, they may wrap it as <c>{"$values": [...]}</c> (ReferenceHandler.Preserve).</summary>
    private static JsonNode? Unwrap(JsonNode? value) =>
        value is JsonObject wrapper && wrapper["$values"] is JsonArray values ? values : value;

    private sealed class Reader(string source, ActivityRegistry? registry)
    {
        private readonly List<ActivityNode> _withoutId = [];

        public List<DefinitionProblem> Problems { get; } = [];

        public List<DefinitionProblem> Warnings { get; } = [];

        private void Problem(string path, string reason) => Problems.Add(new DefinitionProblem(source, path, reason));

        private void Warning(string path, string reason) => Warnings.Add(new DefinitionProblem(source, path, reason));

        public WorkflowDefinition? ReadDocument(JsonObject json)
        {
            string? schema = null, id = null, definitionId = null, name = null, description = null;
            int? version = null;
            bool? isLatest = null, isPublished = null;
            DateTimeOffset? createdAt = null;
            string? createdAtText = null;
            JsonArray? outcomes = null;
            JsonObject? options = null, customProperties = null;
            ActivityNode? root = null;
            var variables = new List<VariableDefinition>();
            var inputs = new List<WorkflowInputDefinition>();
            var extensions = new JsonObject();

            foreach (var (key, value) in json)
            {
                var path = $"$.{key}";
                switch (key.ToLowerInvariant())
                {
                    case "$schema": schema = String(value, path); break;
                    case "id": id = String(value, path); break;
                    case "definitionid": definitionId = String(value, path); break;
                    case "name": name = String(value, path); break;
                    case "description": description = String(value, path); break;
                    case "version": version = Int(value, path); break;
                    case "islatest": isLatest = Bool(value, path); break;
                    case "ispublished": isPublished = Bool(value, path); break;
                    case "createdat": createdAt = Date(value, path); createdAtText = value?.ToString(); break;
                    case "outcomes": outcomes = Array(value, path); break;
                    case "options": options = Object(value, path); break;
                    case "customproperties": customProperties = Object(value, path); break;
                    case "variables": variables.AddRange(ReadVariables(value, path)); break;
                    case "inputs": inputs.AddRange(ReadInputs(value, path)); break;
                    case "root":
                        root = value is JsonObject rootObject
                            ? ReadActivity(rootObject, path)
                            : Fail<ActivityNode>(path, "root must be an activity object");
                        break;
                    default: extensions[key] = value?.DeepClone(); break;
                }
            }

            if (string.IsNullOrWhiteSpace(definitionId) && !json.ContainsKey("definitionId"))
            {
                definitionId = DefinitionIdFromSource();
                Warning("$.definitionId", $"no definitionId: using '{definitionId}' (from the file name)");
            }
            else if (string.IsNullOrWhiteSpace(definitionId))
            {
                Problem("$.definitionId", "definitionId must not be empty");
            }

            if (!json.ContainsKey("root"))
            {
                Problem("$.root", "root is required (an Elsa.Flowchart or Elsa.Sequence)");
            }

            if (Problems.Count > 0 || root is null || definitionId is null)
            {
                return null;
            }

            AssignMissingIds(root);

            var definition = new WorkflowDefinition
            {
                Schema = schema,
                Id = id,
                DefinitionId = definitionId,
                Name = name,
                Description = description,
                Version = version,
                IsLatest = isLatest,
                IsPublished = isPublished,
                CreatedAt = createdAt,
                CreatedAtText = createdAtText,
                Outcomes = outcomes,
                Options = options,
                CustomProperties = customProperties,
                Root = root,
            };
            definition.Variables.AddRange(variables);
            definition.Inputs.AddRange(inputs);
            foreach (var (key, value) in extensions)
            {
                definition.Extensions[key] = value?.DeepClone();
            }

            return definition;
        }

        private string DefinitionIdFromSource()
        {
            var stem = Path.GetFileNameWithoutExtension(source);
            var id = new string([.. stem.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '-')]).Trim('-');
            return id.Length > 0 ? id : "workflow";
        }

        /// <summary>As Elsa's IdentityGraphService.CreateId: <c>{ShortTypeName}{n}</c>, unique in the whole definition.</summary>
        private void AssignMissingIds(ActivityNode root)
        {
            if (_withoutId.Count == 0)
            {
                return;
            }

            var taken = new HashSet<string>(root.SelfAndDescendants().Select(n => n.Id).Where(id => id.Length > 0), StringComparer.Ordinal);
            var counters = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var node in root.SelfAndDescendants().Where(n => n.Id.Length == 0))
            {
                var shortName = node.Type[(node.Type.LastIndexOf('.') + 1)..];
                string id;
                do
                {
                    counters[shortName] = counters.GetValueOrDefault(shortName) + 1;
                    id = $"{shortName}{counters[shortName]}";
                }
                while (!taken.Add(id));

                node.Id = id;
                Warning($"{node.JsonPath}.id", $"no activity id: using '{id}'");
            }
        }

        private List<VariableDefinition> ReadVariables(JsonNode? value, string path)
        {
            var result = new List<VariableDefinition>();
            if (Array(value, path) is not { } array)
            {
                return result;
            }

            for (var i = 0; i < array.Count; i++)
            {
                var itemPath = $"{path}[{i}]";
                if (array[i] is not JsonObject item)
                {
                    Problem(itemPath, "a variable must be an object");
                    continue;
                }

                string? id = null, name = null, typeName = null;
                bool? isArray = null;
                JsonNode? initial = null;
                var extensions = new JsonObject();
                foreach (var (key, v) in item)
                {
                    switch (key.ToLowerInvariant())
                    {
                        case "id": id = String(v, $"{itemPath}.{key}"); break;
                        case "name": name = String(v, $"{itemPath}.{key}"); break;
                        case "typename": typeName = String(v, $"{itemPath}.{key}"); break;
                        case "isarray": isArray = Bool(v, $"{itemPath}.{key}"); break;
                        case "value": initial = v?.DeepClone(); break;
                        default: extensions[key] = v?.DeepClone(); break;
                    }
                }

                if (string.IsNullOrWhiteSpace(name))
                {
                    Problem($"{itemPath}.name", "a variable needs a name");
                    continue;
                }

                var variable = new VariableDefinition
                {
                    Id = id, Name = name, TypeName = typeName ?? "Object", IsArray = isArray, Value = initial, JsonPath = itemPath,
                };
                foreach (var (key, v) in extensions)
                {
                    variable.Extensions[key] = v?.DeepClone();
                }

                result.Add(variable);
            }

            return result;
        }

        private List<WorkflowInputDefinition> ReadInputs(JsonNode? value, string path)
        {
            var result = new List<WorkflowInputDefinition>();
            if (Array(value, path) is not { } array)
            {
                return result;
            }

            for (var i = 0; i < array.Count; i++)
            {
                var itemPath = $"{path}[{i}]";
                if (array[i] is not JsonObject item || String(item["name"], $"{itemPath}.name") is not { Length: > 0 } name)
                {
                    Problem(itemPath, "a workflow input must be an object with a name");
                    continue;
                }

                // Elsa writes "type" (InputDefinition.Type); this runtime's older files write "typeName".
                var typeKey = item.ContainsKey("type") ? "type" : "typeName";
                var input = new WorkflowInputDefinition
                {
                    Name = name,
                    TypeName = String(item[typeKey], $"{itemPath}.{typeKey}") ?? "Object",
                    UsedTypeNameKey = typeKey == "typeName",
                };
                foreach (var (key, v) in item)
                {
                    if (!key.Equals("name", StringComparison.OrdinalIgnoreCase) && !key.Equals(typeKey, StringComparison.OrdinalIgnoreCase))
                    {
                        input.Extensions[key] = v?.DeepClone();
                    }
                }

                result.Add(input);
            }

            return result;
        }

        private ActivityNode? ReadActivity(JsonObject json, string path)
        {
            var id = String(json["id"], $"{path}.id");
            var type = String(json["type"], $"{path}.type");
            if (string.IsNullOrWhiteSpace(type))
            {
                Problem($"{path}.type", "an activity needs a type (Namespace.Name)");
                return null;
            }

            var node = new ActivityNode { Id = string.IsNullOrWhiteSpace(id) ? string.Empty : id, Type = type, JsonPath = path };
            if (node.Id.Length == 0)
            {
                _withoutId.Add(node);
            }

            var descriptor = registry?.Find(type);
            var isFlowchart = type == "Elsa.Flowchart";
            var isSequence = type == "Elsa.Sequence";
            var isIf = type == "Elsa.If";
            var isForEach = type == "Elsa.ForEach";
            var isFork = type == "Elsa.Fork";
            foreach (var (key, value) in json)
            {
                var propertyPath = $"{path}.{key}";
                switch (key.ToLowerInvariant())
                {
                    case "id" or "type": break;
                    case "version": node.Version = Int(value, propertyPath); break;
                    case "name": node.Name = String(value, propertyPath); break;
                    case "nodeid": node.NodeId = String(value, propertyPath); break;
                    case "customproperties": node.CustomProperties = Object(value, propertyPath); break;
                    case "metadata": node.Metadata = Object(value, propertyPath); break;
                    case "activities" when isFlowchart || isSequence:
                        node.Activities = ReadChildren(value, propertyPath);
                        break;
                    case "connections" when isFlowchart:
                        node.Connections = ReadConnections(value, propertyPath, out var legacy);
                        node.HadLegacyConnections = legacy;
                        break;
                    case "variables" when isFlowchart || isSequence:
                        node.Variables = ReadVariables(value, propertyPath);
                        break;
                    case "then" when isIf:
                        node.Then = ReadOptionalChild(value, propertyPath);
                        break;
                    case "else" when isIf:
                        node.Else = ReadOptionalChild(value, propertyPath);
                        break;
                    case "body" when isForEach:
                        node.Body = ReadOptionalChild(value, propertyPath);
                        break;
                    case "branches" when isFork:
                        node.Branches = ReadChildren(value, propertyPath);
                        break;
                    default:
                        ReadProperty(node, descriptor, key, value, propertyPath);
                        break;
                }
            }

            ReadElsaResilienceStrategy(node);
            return node;
        }

        /// <summary>Retries given only in Elsa's key: ours are read back from the id; others need Elsa's catalog.</summary>
        private void ReadElsaResilienceStrategy(ActivityNode node)
        {
            if (node.CustomProperties?[ElsaResilienceStrategy.Property] is not { } config
                || node.CustomProperties.ContainsKey(Runtime.RetryPolicies.Property))
            {
                return;
            }

            if (ElsaResilienceStrategy.ToRetryPolicy(config) is { } policy)
            {
                node.CustomProperties[Runtime.RetryPolicies.Property] = policy;
            }
            else
            {
                Warning($"{node.JsonPath}.customProperties.{ElsaResilienceStrategy.Property}", "this names a strategy of Elsa's resilience catalog, which this runtime does not have; the activity runs without retries (give customProperties.retryPolicy)");
            }
        }

        private void ReadProperty(ActivityNode node, ActivityDescriptor? descriptor, string key, JsonNode? value, string path)
        {
            if (descriptor?.FindInput(key) is { } declared && value is not JsonObject)
            {
                // A bare value is a Literal (InputJsonConverter.Read, last lines); null is no input at all.
                if (value is not null)
                {
                    node.Inputs[declared.Name] = new InputBinding
                    {
                        TypeName = Expressions.TypeNames.NameOf(declared.ClrType),
                        Expression = new Expression(Expression.Literal, value.DeepClone()),
                        JsonPath = path,
                    };
                }

                return;
            }

            if (descriptor is not null && value is JsonObject withoutType && !withoutType.ContainsKey("typeName")
                && (descriptor.FindInput(key) is not null || descriptor.FindOutput(key) is not null))
            {
                Warning(path, $"'{key}' has no typeName, so Elsa reads no value for it (InputJsonConverter); it is ignored");
                node.Extensions[key] = value.DeepClone();
                return;
            }

            if (value is not JsonObject property || !property.ContainsKey("typeName"))
            {
                node.Extensions[key] = value?.DeepClone();
                return;
            }

            key = descriptor?.FindInput(key)?.Name ?? descriptor?.FindOutput(key)?.Name ?? key;

            var hasExpression = property.ContainsKey("expression");
            if (!hasExpression && !property.ContainsKey("memoryReference") && (property.ContainsKey("id") || property.ContainsKey("name")))
            {
                // A variable reference (Elsa.SetVariable's "variable"), not an input: it has a type but no expression.
                node.Extensions[key] = property.DeepClone();
                return;
            }

            var typeName = String(property["typeName"], $"{path}.typeName") ?? "Object";
            if (!hasExpression && property["memoryReference"] is JsonObject reference)
            {
                var referenceId = String(reference["id"], $"{path}.memoryReference.id");
                if (string.IsNullOrWhiteSpace(referenceId))
                {
                    Problem($"{path}.memoryReference.id", "an output's memoryReference needs the id of a variable");
                    return;
                }

                var output = new OutputBinding { TypeName = typeName, MemoryReferenceId = referenceId, JsonPath = path };
                CopyOthers(property, output.Extensions, "typeName", "memoryReference");
                node.Outputs[key] = output;
                return;
            }

            var expression = new Expression(Expression.Literal, null);
            if (hasExpression)
            {
                if (property["expression"] is JsonObject expressionJson)
                {
                    var expressionType = String(expressionJson["type"], $"{path}.expression.type");
                    expression = new Expression(
                        string.IsNullOrWhiteSpace(expressionType) ? Expression.Literal : expressionType,
                        expressionJson["value"]?.DeepClone());
                }
                else if (property["expression"] is not null)
                {
                    Problem($"{path}.expression", "an expression must be an object {type, value}");
                    return;
                }
            }

            var input = new InputBinding { TypeName = typeName, Expression = expression, JsonPath = path };
            CopyOthers(property, input.Extensions, "typeName", "expression");
            node.Inputs[key] = input;
        }

        private static void CopyOthers(JsonObject from, JsonObject to, params string[] known)
        {
            foreach (var (key, value) in from)
            {
                if (!known.Any(k => k.Equals(key, StringComparison.OrdinalIgnoreCase)))
                {
                    to[key] = value?.DeepClone();
                }
            }
        }

        private List<ActivityNode> ReadChildren(JsonNode? value, string path)
        {
            var result = new List<ActivityNode>();
            if (Array(value, path) is not { } array)
            {
                return result;
            }

            for (var i = 0; i < array.Count; i++)
            {
                if (array[i] is JsonObject item)
                {
                    if (ReadActivity(item, $"{path}[{i}]") is { } child)
                    {
                        result.Add(child);
                    }
                }
                else
                {
                    Problem($"{path}[{i}]", "an activity must be an object");
                }
            }

            return result;
        }

        private ActivityNode? ReadOptionalChild(JsonNode? value, string path) => value switch
        {
            null => null,
            JsonObject child => ReadActivity(child, path),
            _ => Fail<ActivityNode>(path, "must be an activity object or null"),
        };

        private List<Connection> ReadConnections(JsonNode? value, string path, out bool legacy)
        {
            var result = new List<Connection>();
            legacy = false;
            if (value is JsonObject single && single.ContainsKey("source"))
            {
                value = new JsonArray(single.DeepClone());
            }

            if (Array(value, path) is not { } array)
            {
                return result;
            }

            // Elsa decides the format by the first item, as FlowchartJsonConverter.DeserializeConnections does: flat when
            // its source is a string (ports optional) or when it has sourcePort (the 2023 format).
            legacy = array.Count > 0 && array[0] is JsonObject first
                && (first.ContainsKey("sourcePort") || first["source"] is JsonValue);
            for (var i = 0; i < array.Count; i++)
            {
                var itemPath = $"{path}[{i}]";
                if (array[i] is not JsonObject item)
                {
                    Problem(itemPath, "a connection must be an object");
                    continue;
                }

                var connection = legacy ? ReadLegacyConnection(item, itemPath) : ReadConnection(item, itemPath);
                if (connection is not null)
                {
                    result.Add(connection);
                }
            }

            return result;
        }

        private Connection? ReadConnection(JsonObject item, string path)
        {
            // Property names are read case-insensitively (NodeOptions), so Elsa's PascalCase connections read too.
            if (item["source"] is not JsonObject source || item["target"] is not JsonObject target)
            {
                Problem(path, "a connection needs source {activity, port} and target {activity, port}");
                return null;
            }

            var sourceActivity = String(source["activity"], $"{path}.source.activity");
            var targetActivity = String(target["activity"], $"{path}.target.activity");
            if (string.IsNullOrWhiteSpace(sourceActivity) || string.IsNullOrWhiteSpace(targetActivity))
            {
                Problem(path, "a connection needs both source.activity and target.activity");
                return null;
            }

            var connection = new Connection
            {
                SourceActivity = sourceActivity,
                SourcePort = String(source["port"], $"{path}.source.port") ?? "Done",
                TargetActivity = targetActivity,
                TargetPort = String(target["port"], $"{path}.target.port") ?? "In",
                Vertices = Unwrap(item["vertices"]) as JsonArray is { } vertices ? (JsonArray)vertices.DeepClone() : null,
                JsonPath = path,
            };
            CopyOthers(item, connection.Extensions, "source", "target", "vertices");
            return connection;
        }

        private Connection? ReadLegacyConnection(JsonObject item, string path)
        {
            var sourceActivity = String(item["source"], $"{path}.source");
            var targetActivity = String(item["target"], $"{path}.target");
            if (string.IsNullOrWhiteSpace(sourceActivity) || string.IsNullOrWhiteSpace(targetActivity))
            {
                Problem(path, "a legacy connection needs source and target activity ids");
                return null;
            }

            var connection = new Connection
            {
                SourceActivity = sourceActivity,
                SourcePort = String(item["sourcePort"], $"{path}.sourcePort") ?? "Done",
                TargetActivity = targetActivity,
                TargetPort = String(item["targetPort"], $"{path}.targetPort") ?? "In",
                JsonPath = path,
            };
            CopyOthers(item, connection.Extensions, "source", "target", "sourcePort", "targetPort");
            return connection;
        }

        private T? Fail<T>(string path, string reason)
            where T : class
        {
            Problem(path, reason);
            return null;
        }

        private string? String(JsonNode? value, string path)
        {
            if (value is null)
            {
                return null;
            }

            if (value is JsonValue v && v.TryGetValue<string>(out var s))
            {
                return s;
            }

            Problem(path, $"expected a string, found {Describe(value)}");
            return null;
        }

        private int? Int(JsonNode? value, string path)
        {
            switch (value)
            {
                case null: return null;
                case JsonValue v when v.TryGetValue<int>(out var i): return i;
                case JsonValue v when v.TryGetValue<string>(out var s) && int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed): return parsed;
                default:
                    Problem(path, $"expected a whole number, found {Describe(value)}");
                    return null;
            }
        }

        private bool? Bool(JsonNode? value, string path)
        {
            switch (value)
            {
                case null: return null;
                case JsonValue v when v.TryGetValue<bool>(out var b): return b;
                default:
                    Problem(path, $"expected true or false, found {Describe(value)}");
                    return null;
            }
        }

        private DateTimeOffset? Date(JsonNode? value, string path)
        {
            var text = String(value, path);
            if (text is null)
            {
                return null;
            }

            if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date))
            {
                return date;
            }

            Problem(path, $"'{text}' is not a date and time");
            return null;
        }

        private JsonArray? Array(JsonNode? value, string path)
        {
            switch (Unwrap(value))
            {
                case null: return null;
                case JsonArray array: return array;
                case { } other:
                    Problem(path, $"expected an array, found {Describe(other)}");
                    return null;
            }
        }

        private JsonObject? Object(JsonNode? value, string path)
        {
            switch (value)
            {
                case null: return null;
                case JsonObject o: return (JsonObject)o.DeepClone();
                default:
                    Problem(path, $"expected an object, found {Describe(value)}");
                    return null;
            }
        }

        private static string Describe(JsonNode value) => value.GetValueKind() switch
        {
            JsonValueKind.String => "a string",
            JsonValueKind.Number => "a number",
            JsonValueKind.True or JsonValueKind.False => "a boolean",
            JsonValueKind.Array => "an array",
            JsonValueKind.Object => "an object",
            _ => "null",
        };
    }
}

/// <summary>The definition, or the problems that kept it from being read; warnings say what was filled in or ignored.</summary>
public sealed record DefinitionReadResult(WorkflowDefinition? Definition, IReadOnlyList<DefinitionProblem> Problems)
{
    public IReadOnlyList<DefinitionProblem> Warnings { get; init; } = [];

    public static DefinitionReadResult Failed(DefinitionProblem problem) => new(null, [problem]);
}
