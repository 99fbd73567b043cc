using System.Text.Json.Nodes;

namespace ProfileEngine.Workflows.Definitions;

/// <summary>
/// One Elsa 3 workflow definition document (the exported JSON shape). Keys this runtime does not know are kept in
/// <see cref="Extensions"/> and written back unchanged, so files round-trip.
/// </summary>
public sealed class WorkflowDefinition
{
    public const string ElsaSchema = "https://elsaworkflows.io/schemas/workflow-definition/v3.0.0/schema.json";

    public string? Schema { get; set; }

    /// <summary>The id of this version.</summary>
    public string? Id { get; set; }

    /// <summary>Stable across versions; what profiles bind to.</summary>
    public required string DefinitionId { get; set; }

    public string? Name { get; set; }

    public string? Description { get; set; }

    public int? Version { get; set; }

    public bool? IsLatest { get; set; }

    public bool? IsPublished { get; set; }

    public DateTimeOffset? CreatedAt { get; set; }

    /// <summary>The creation time exactly as the file wrote it, so an unchanged value round-trips to the same text.</summary>
    internal string? CreatedAtText { get; set; }

    public List<VariableDefinition> Variables { get; } = [];

    public List<WorkflowInputDefinition> Inputs { get; } = [];

    public JsonArray? Outcomes { get; set; }

    public JsonObject? Options { get; set; }

    public JsonObject? CustomProperties { get; set; }

    public required ActivityNode Root { get; set; }

    /// <summary>Unknown top-level keys, in file order.</summary>
    public JsonObject Extensions { get; } = [];

    /// <summary>Every activity of the definition, depth first, the root included.</summary>
    public IEnumerable<ActivityNode> AllActivities() => Root.SelfAndDescendants();
}

/// <summary>A workflow variable: <c>{id, name, typeName, isArray, value, storageDriverTypeName}</c>.</summary>
public sealed class VariableDefinition
{
    public string? Id { get; set; }

    public required string Name { get; set; }

    public string TypeName { get; set; } = "Object";

    public bool? IsArray { get; set; }

    /// <summary>The initial value as written in the file (Elsa writes scalars as strings).</summary>
    public JsonNode? Value { get; set; }

    public JsonObject Extensions { get; } = [];

    internal string JsonPath { get; set; } = "$";
}

/// <summary>
/// A declared workflow input: <c>{name, type, ...}</c>. Elsa writes the type under <c>type</c> (InputDefinition's
/// <c>Type</c> property, elsa-core src/modules/Elsa.Workflows.Core/Models/ArgumentDefinition.cs); older files here use <c>typeName</c>.
/// </summary>
public sealed class WorkflowInputDefinition
{
    public required string Name { get; set; }

    public string TypeName { get; set; } = "Object";

    /// <summary>Whether the file named the type with <c>typeName</c> (written back the same way; an export writes <c>type</c>).</summary>
    public bool UsedTypeNameKey { get; set; } = true;

    public JsonObject Extensions { get; } = [];
}
