using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using ProfileEngine.Workflows.Definitions;
using ProfileEngine.Workflows.Expressions;

namespace ProfileEngine.Workflows.Activities;

/// <summary>The runtime side of an activity run; implemented by the executor.</summary>
internal interface IActivityHost
{
    JsonNode? GetVariable(string nameOrId);

    void SetVariable(string nameOrId, JsonNode? value);

    JsonNode? GetWorkflowInput(string name);

    JsonNode? Evaluate(Expression expression);

    void SetWorkflowOutput(string name, JsonNode? value);

    void Log(string activityId, string message);

    JsonNode? GetCheckpoint(string frameId);

    Task SaveCheckpointAsync(string frameId, JsonNode? checkpoint, Func<DbContext, CancellationToken, Task>? work, CancellationToken cancellationToken);

    void AddToNextCommit(Func<DbContext, CancellationToken, Task> work);

    Task<T> ReadAsync<T>(Func<DbContext, CancellationToken, Task<T>> read, CancellationToken cancellationToken);

    bool IsUncommittedStart { get; }

    bool IsStartedAgain { get; }
}

/// <summary>What an activity sees of its workflow instance while it runs.</summary>
public sealed class ActivityContext
{
    private readonly IActivityHost _host;
    private readonly string _frameId;

    internal ActivityContext(IActivityHost host, string frameId, ActivityNode node, WorkflowRunInfo run, int attempt, IServiceProvider services, TimeProvider clock)
    {
        _host = host;
        _frameId = frameId;
        Node = node;
        Run = run;
        Attempt = attempt;
        Services = services;
        Clock = clock;
    }

    public WorkflowRunInfo Run { get; }

    public string InstanceId => Run.InstanceId;

    public string? CorrelationId => Run.CorrelationId;

    /// <summary>The activity as the definition wrote it (raw properties included).</summary>
    public ActivityNode Node { get; }

    public string ActivityId => Node.Id;

    /// <summary>1 on the first try, then 2, 3, … as the retry policy allows.</summary>
    public int Attempt { get; }

    /// <summary>
    /// True while this run is the start of a new instance and nothing of it is committed yet (a start on the caller's
    /// thread, before any activity with side effects outside the instance's commits). Work handed to the commit may then
    /// refuse what the activity assumed without reading, by throwing <see cref="StartAgainException"/>: nothing of the
    /// start is written, and the start runs again with <see cref="IsStartedAgain"/> true, when the activity reads first.
    /// </summary>
    public bool IsUncommittedStart => _host.IsUncommittedStart;

    /// <summary>True when this start runs again because commit work refused an assumption the first time.</summary>
    public bool IsStartedAgain => _host.IsStartedAgain;

    public IServiceProvider Services { get; }

    public TimeProvider Clock { get; }

    public JsonNode? GetWorkflowInput(string name) => _host.GetWorkflowInput(name);

    /// <summary>Sets one of the workflow's outputs (what a parent gets from this workflow run as a subflow).</summary>
    public void SetWorkflowOutput(string name, object? value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        _host.SetWorkflowOutput(name, TypeNames.ToJson(value));
    }

    /// <summary>Evaluates an expression the activity carries besides its inputs (e.g. a switch case's condition).</summary>
    public JsonNode? Evaluate(Expression expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        return _host.Evaluate(expression);
    }

    public JsonNode? GetVariable(string nameOrId) => _host.GetVariable(nameOrId);

    public T? GetVariable<T>(string nameOrId) => (T?)TypeNames.Convert(_host.GetVariable(nameOrId), typeof(T));

    public void SetVariable(string nameOrId, object? value) => _host.SetVariable(nameOrId, TypeNames.ToJson(value));

    /// <summary>Writes a line to the instance's log (shown with the job result).</summary>
    public void Log(string message) => _host.Log(Node.Id, message);

    /// <summary>The checkpoint this activity saved before a crash or a retry, or null on a fresh start.</summary>
    public JsonNode? Checkpoint => _host.GetCheckpoint(_frameId);

    /// <summary>Commits the checkpoint with the instance, so a resume after a crash continues from here.</summary>
    public Task SaveCheckpointAsync(JsonNode? checkpoint, CancellationToken cancellationToken) =>
        _host.SaveCheckpointAsync(_frameId, checkpoint, null, cancellationToken);

    /// <summary>
    /// Runs <paramref name="work"/> in the transaction that commits this activity's result (its outcome or its
    /// bookmarks), instead of in a commit of its own. Dropped if the activity fails.
    /// </summary>
    public void CommitWithResult(Func<DbContext, CancellationToken, Task> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        _host.AddToNextCommit(work);
    }

    /// <summary>
    /// Runs <paramref name="work"/> on the engine's database and commits its changes, the checkpoint and the instance
    /// in one transaction: either all of a page lands with its cursor, or none of it.
    /// </summary>
    public Task SaveCheckpointAsync(JsonNode? checkpoint, Func<DbContext, CancellationToken, Task> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        return _host.SaveCheckpointAsync(_frameId, checkpoint, work, cancellationToken);
    }

    /// <summary>
    /// <see cref="SaveCheckpointAsync(JsonNode?, Func{DbContext, CancellationToken, Task}, CancellationToken)"/> on the
    /// application's own context type (the one the runtime was registered with), so the work can use its sets.
    /// </summary>
    public Task SaveCheckpointAsync<TDbContext>(JsonNode? checkpoint, Func<TDbContext, CancellationToken, Task> work, CancellationToken cancellationToken)
        where TDbContext : DbContext
    {
        ArgumentNullException.ThrowIfNull(work);
        return SaveCheckpointAsync(checkpoint, (db, ct) => work(As<TDbContext>(db), ct), cancellationToken);
    }

    /// <summary>
    /// Reads the application's database on the connection this run already holds open for its commits, rather than
    /// opening one of the activity's own; nothing is tracked afterwards and nothing written here is committed.
    /// </summary>
    public Task<T> ReadAsync<TDbContext, T>(Func<TDbContext, CancellationToken, Task<T>> read, CancellationToken cancellationToken)
        where TDbContext : DbContext
    {
        ArgumentNullException.ThrowIfNull(read);
        return _host.ReadAsync((db, ct) => read(As<TDbContext>(db), ct), cancellationToken);
    }

    /// <summary><see cref="CommitWithResult(Func{DbContext, CancellationToken, Task})"/> on the application's own context type.</summary>
    public void CommitWithResult<TDbContext>(Func<TDbContext, CancellationToken, Task> work)
        where TDbContext : DbContext
    {
        ArgumentNullException.ThrowIfNull(work);
        CommitWithResult((db, ct) => work(As<TDbContext>(db), ct));
    }

    private static TDbContext As<TDbContext>(DbContext db)
        where TDbContext : DbContext =>
        db as TDbContext ?? throw new InvalidOperationException(
            $"The workflow runtime commits through {db.GetType().Name}, not {typeof(TDbContext).Name}; register it with AddWorkflowRuntime<{typeof(TDbContext).Name}>().");
}

/// <summary>Which instance, definition and version an activity runs in.</summary>
public sealed record WorkflowRunInfo(string InstanceId, string DefinitionId, string DefinitionVersionId, int Version, string? CorrelationId);

/// <summary>
/// Thrown by work handed to the commit (<see cref="ActivityContext.CommitWithResult"/>) while
/// <see cref="ActivityContext.IsUncommittedStart"/>: what the activity assumed without reading does not hold. The start
/// is rolled back and runs again once, with <see cref="ActivityContext.IsStartedAgain"/> true.
/// </summary>
public sealed class StartAgainException(string message) : Exception(message);
