using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace ProfileEngine.Workflows.Runtime;

/// <summary>
/// The executor's own state, stored as JSON on the instance row: the activity runs in progress (frames) and the work
/// still to do (queue). Committed with every activity, so a new process continues exactly where the last commit was.
/// </summary>
internal sealed class InstanceState
{
    public List<Frame> Frames { get; set; } = [];

    public List<WorkItem> Queue { get; set; } = [];

    /// <summary>The work item being processed; committed with mid-activity checkpoints so recovery runs it again.</summary>
    public WorkItem? Current { get; set; }

    /// <summary>Numbers execution records and log lines in order.</summary>
    public long Sequence { get; set; }

    /// <summary>The instance whose activity started this one as a subflow; told when this one ends.</summary>
    public string? ParentInstanceId { get; set; }

    /// <summary>The workflow's outputs, set by Elsa.SetOutput; a parent reads them when this subflow finishes.</summary>
    public JsonObject? Outputs { get; set; }

    public Frame? Find(string frameId) => Frames.Find(f => f.Id == frameId);

    // Every commit writes the state: with code the compiler generates, in half the time reflection takes. Reading is
    // no faster that way, so it stays with reflection; both use the same settings, and so the same JSON.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingDefault,
        Converters = { new JsonStringEnumConverter() },
    };

    public string Serialize() => JsonSerializer.Serialize(this, InstanceStateJson.Default.InstanceState);

    public static InstanceState Deserialize(string json) =>
        JsonSerializer.Deserialize<InstanceState>(json, Json) ?? throw new InvalidOperationException("The instance state is empty.");
}

/// <summary>How the state is written: camelCase, enums by name, defaults left out (as <c>InstanceState.Json</c> reads it).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingDefault, UseStringEnumConverter = true)]
[JsonSerializable(typeof(InstanceState))]
internal sealed partial class InstanceStateJson : JsonSerializerContext;

internal enum FrameStatus
{
    Running,
    Suspended,
    Faulted,
}

/// <summary>One activity run in progress.</summary>
internal sealed class Frame
{
    public required string Id { get; set; }

    public required string ActivityId { get; set; }

    public string? ParentId { get; set; }

    public FrameStatus Status { get; set; }

    public int Attempt { get; set; } = 1;

    /// <summary>Sequence: the child running now.</summary>
    public int ChildIndex { get; set; }

    /// <summary>Flowchart: children scheduled and not yet completed.</summary>
    public int Pending { get; set; }

    /// <summary>If: "True" or "False".</summary>
    public string? Branch { get; set; }

    /// <summary>Flowchart: the connections visited so far (key: <see cref="WorkflowGraph.KeyOf"/>) and whether each was followed.</summary>
    public Dictionary<string, bool>? Visited { get; set; }

    /// <summary>Flowchart: activities already scheduled or skipped; a later inbound arrival at one of them is ignored.</summary>
    public List<string>? Reached { get; set; }

    /// <summary>ForEach: the items, evaluated once when the loop started (<see cref="ChildIndex"/> is the current one).</summary>
    public JsonArray? Items { get; set; }

    public string? ExecutionId { get; set; }

    public long ExecutionSequence { get; set; }

    public DateTimeOffset StartedAt { get; set; }

    public bool ExecutionPersisted { get; set; }

    public List<string>? BookmarkIds { get; set; }

    public JsonNode? Checkpoint { get; set; }
}

internal enum WorkKind
{
    Execute,
    ChildCompleted,
    Resume,
}

internal sealed class WorkItem
{
    public WorkKind Kind { get; set; }

    public required string FrameId { get; set; }

    public string? ChildActivityId { get; set; }

    public string[]? Outcomes { get; set; }

    public string? BookmarkId { get; set; }

    public Persistence.BookmarkKind BookmarkKind { get; set; }

    public string? EventName { get; set; }

    public DateTimeOffset? DueAt { get; set; }

    public JsonNode? Data { get; set; }

    public JsonNode? Payload { get; set; }
}
