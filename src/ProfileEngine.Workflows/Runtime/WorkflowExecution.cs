using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ProfileEngine.Workflows.Activities;
using ProfileEngine.Workflows.Definitions;
using ProfileEngine.Workflows.Expressions;
using ProfileEngine.Workflows.Persistence;

namespace ProfileEngine.Workflows.Runtime;

/// <summary>
/// One instance in memory while it runs: its state, and the loop that takes work items off its queue. The rest of the
/// class is split by responsibility: the scheduler (<c>WorkflowExecution.Scheduling.cs</c>), running one activity
/// (<c>WorkflowExecution.Invocation.cs</c>), the one-transaction commit after every activity
/// (<c>WorkflowExecution.Commit.cs</c>) and what activities and expressions see (<c>WorkflowExecution.ActivityHost.cs</c>).
/// </summary>
internal sealed partial class WorkflowExecution
{
    private readonly RuntimeConnection _connection;
    private readonly ExpressionEvaluator _expressions;
    private readonly IServiceScopeFactory _scopes;
    private readonly TimeProvider _clock;
    private readonly Dictionary<string, string> _variableNames = new(StringComparer.Ordinal);
    private readonly Dictionary<string, JsonNode?> _variables = new(StringComparer.Ordinal);
    private bool _variablesChanged;
    private readonly List<WorkflowBookmarkRecord> _newBookmarks = [];
    private readonly List<string> _removedBookmarks = [];
    private readonly Dictionary<string, (ActivityExecutionRecord Record, bool Persisted)> _executions = new(StringComparer.Ordinal);
    private readonly List<WorkflowIncidentRecord> _incidents = [];
    private readonly List<WorkflowLogRecord> _log = [];
    private readonly JsonObject _input;
    private bool _isNew;
    private bool _commitAfterItem;
    private readonly List<Func<DbContext, CancellationToken, Task>> _nextCommitWork = [];
    private Func<DbContext, CancellationToken, Task>? _pendingClaim;
    private LeaseClaim? _leaseClaim;
    private PublishedVersion? _publishedCheck;
    private bool _deleteAllBookmarks;
    private bool _dirty;

    public WorkflowExecution(
        WorkflowInstanceRecord instance,
        InstanceState state,
        WorkflowGraph graph,
        JsonObject? input,
        bool isNew,
        RuntimeConnection connection,
        ExpressionEvaluator expressions,
        IServiceScopeFactory scopes,
        TimeProvider clock)
    {
        Instance = instance;
        State = state;
        Graph = graph;
        _input = input ?? [];
        _isNew = isNew;
        _connection = connection;
        _expressions = expressions;
        _scopes = scopes;
        _clock = clock;
        Run = new WorkflowRunInfo(instance.Id, instance.DefinitionId, instance.DefinitionVersionId, instance.Version, instance.CorrelationId);

        foreach (var variable in graph.Definition.Variables.Concat(graph.Definition.AllActivities().SelectMany(a => a.Variables ?? [])))
        {
            _variableNames[variable.Name] = variable.Name;
            if (variable.Id is { Length: > 0 } id)
            {
                _variableNames[id] = variable.Name;
            }

            if (isNew)
            {
                _variables[variable.Name] = InitialValue(variable);
                _variablesChanged = true;
            }
        }

        foreach (var (name, value) in ReadVariables(instance.VariablesJson))
        {
            _variables[name] = value;
        }
    }

    /// <summary>The variables stored on an instance row (<see cref="WorkflowInstanceRecord.VariablesJson"/>), by name.</summary>
    public static Dictionary<string, JsonNode?> ReadVariables(string? variablesJson)
    {
        var variables = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        if (variablesJson is not null && JsonNode.Parse(variablesJson) is JsonObject stored)
        {
            foreach (var (name, value) in stored)
            {
                variables[name] = value?.DeepClone();
            }
        }

        return variables;
    }

    public WorkflowInstanceRecord Instance { get; }

    public InstanceState State { get; }

    public WorkflowGraph Graph { get; }

    public WorkflowRunInfo Run { get; }

    public IReadOnlyDictionary<string, JsonNode?> Variables => _variables;

    public WorkflowRunResult Result => new(Instance.Id, Instance.Status, Instance.FaultMessage);

    private static JsonNode? InitialValue(VariableDefinition variable)
    {
        if (variable.Value is null || (variable.Value is JsonValue v && v.TryGetValue<string>(out var s) && s.Length == 0 && variable.TypeName != "String"))
        {
            return null;
        }

        var type = TypeNames.Resolve(variable.TypeName) ?? typeof(object);
        return TypeNames.ToJson(TypeNames.Convert(variable.Value, type));
    }

    /// <summary>Closes the connection this run holds between its steps (see <see cref="RuntimeConnection"/>).</summary>
    public ValueTask ReleaseConnectionAsync() => _connection.ReleaseAsync();

    /// <summary>Works through the queue until the instance finishes, suspends or faults; lets go of the connection then.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            await RunQueueAsync(cancellationToken);
        }
        finally
        {
            await _connection.ReleaseAsync();
        }
    }

    private async Task RunQueueAsync(CancellationToken cancellationToken)
    {
        while (State.Queue.Count > 0 && Instance.Status == WorkflowStatus.Running)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var item = State.Queue[0];
            State.Queue.RemoveAt(0);
            State.Current = item;
            _dirty = true;
            await ProcessAsync(item, cancellationToken);
            State.Current = null;
            if (_commitAfterItem)
            {
                _commitAfterItem = false;
                if (State.Queue.Count == 0)
                {
                    break; // the closing commit below carries it, with the final status
                }

                await CommitAsync(null, cancellationToken);
            }
        }

        if (Instance.Status == WorkflowStatus.Running)
        {
            Instance.Status = State.Frames.Count == 0 ? WorkflowStatus.Finished : WorkflowStatus.Suspended;
            if (Instance.Status == WorkflowStatus.Finished)
            {
                Finish();
            }

            _dirty = true;
        }

        if (_dirty)
        {
            await CommitAsync(null, cancellationToken);
        }
    }

    private async Task ProcessAsync(WorkItem item, CancellationToken cancellationToken)
    {
        var frame = State.Find(item.FrameId);
        if (frame is null)
        {
            return; // cancelled meanwhile (an End elsewhere in its flowchart)
        }

        var graphNode = Graph[frame.ActivityId];
        switch (item.Kind)
        {
            case WorkKind.Execute:
                if (frame.ExecutionId is null)
                {
                    StartExecutionRecord(frame, graphNode);
                }

                await ExecuteAsync(frame, graphNode, cancellationToken);
                break;
            case WorkKind.Resume when item.BookmarkKind == BookmarkKind.Retry:
                ForgetBookmarks(frame, keep: item.BookmarkId);
                frame.Status = FrameStatus.Running;
                State.Queue.Insert(0, new WorkItem { Kind = WorkKind.Execute, FrameId = frame.Id });
                break;
            case WorkKind.Resume:
                ForgetBookmarks(frame, keep: item.BookmarkId);
                frame.Status = FrameStatus.Running;
                var resumption = new BookmarkResumption(item.BookmarkId!, item.EventName, item.DueAt, item.Data, item.Payload);
                await RunLeafAsync(frame, graphNode, resumption, cancellationToken);
                break;
            case WorkKind.ChildCompleted:
                ChildCompleted(frame, graphNode, item.ChildActivityId!, item.Outcomes ?? []);
                break;
        }
    }

    /// <summary>
    /// Ids of rows this instance writes (and of its frames): time-ordered, so each table's key index grows at its end and
    /// a commit dirties one index page per table instead of one random page per row.
    /// </summary>
    private string NewId() => TimeOrderedIds.New(_clock.GetUtcNow());
}
