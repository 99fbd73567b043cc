using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using ProfileEngine.Workflows.Activities;
using ProfileEngine.Workflows.Definitions;
using ProfileEngine.Workflows.Expressions;
using ProfileEngine.Workflows.Persistence;

namespace ProfileEngine.Workflows.Runtime;

/// <summary>
/// One instance in memory while it runs: the loop over its work queue, the activity calls, and the commit that
/// writes instance, variables, bookmarks, execution records, incidents and log lines in one transaction after every
/// activity.
/// </summary>
internal sealed partial class WorkflowExecution : IActivityHost, IExpressionScope
{
    private const int MaxOutputsJsonLength = 4096;

    private readonly IWorkflowDbContextSource _contexts;
    private readonly ExpressionEvaluator _expressions;
    private readonly IServiceScopeFactory _scopes;
    private readonly TimeProvider _clock;
    private readonly Dictionary<string, string> _variableNames = new(StringComparer.Ordinal);
    private readonly Dictionary<string, JsonNode?> _variables = new(StringComparer.Ordinal);
    private readonly HashSet<string> _persistedVariables = new(StringComparer.Ordinal);
    private readonly HashSet<string> _dirtyVariables = new(StringComparer.Ordinal);
    private readonly List<WorkflowBookmarkRecord> _newBookmarks = [];
    private readonly List<string> _removedBookmarks = [];
    private readonly Dictionary<string, (ActivityExecutionRecord Record, bool Persisted)> _executions = new(StringComparer.Ordinal);
    private readonly List<WorkflowIncidentRecord> _incidents = [];
    private readonly List<WorkflowLogRecord> _log = [];
    private readonly JsonObject _input;
    private bool _isNew;
    private bool _commitAfterItem;
    private readonly List<Func<DbContext, CancellationToken, Task>> _nextCommitWork = [];
    private bool _deleteAllBookmarks;
    private bool _dirty;

    public WorkflowExecution(
        WorkflowInstanceRecord instance,
        InstanceState state,
        WorkflowGraph graph,
        JsonObject? input,
        IEnumerable<WorkflowVariableRecord>? storedVariables,
        bool isNew,
        IWorkflowDbContextSource contexts,
        ExpressionEvaluator expressions,
        IServiceScopeFactory scopes,
        TimeProvider clock)
    {
        Instance = instance;
        State = state;
        Graph = graph;
        _input = input ?? [];
        _isNew = isNew;
        _contexts = contexts;
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
                _dirtyVariables.Add(variable.Name);
            }
        }

        foreach (var stored in storedVariables ?? [])
        {
            _variables[stored.Name] = stored.ValueJson is null ? null : JsonNode.Parse(stored.ValueJson);
            _persistedVariables.Add(stored.Name);
        }
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

    /// <summary>Works through the queue until the instance finishes, suspends or faults.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
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

    private async Task ExecuteAsync(Frame frame, GraphNode graphNode, CancellationToken cancellationToken)
    {
        var node = graphNode.Node;
        switch (graphNode.Descriptor.Kind)
        {
            case ActivityKind.Leaf:
                await RunLeafAsync(frame, graphNode, null, cancellationToken);
                break;
            case ActivityKind.Flowchart:
                if (Graph.FlowchartStartOf(node.Id) is { } start)
                {
                    frame.Pending = 1;
                    Schedule(start, frame);
                }
                else
                {
                    Complete(frame, [ActivityResult.DoneOutcome], null);
                }

                break;
            case ActivityKind.Sequence:
                if (node.Activities is { Count: > 0 } children)
                {
                    frame.ChildIndex = 0;
                    Schedule(children[0], frame);
                }
                else
                {
                    Complete(frame, [ActivityResult.DoneOutcome], null);
                }

                break;
            case ActivityKind.If:
                bool condition;
                try
                {
                    condition = node.Inputs.TryGetValue("condition", out var binding)
                        && (bool)TypeNames.Convert(_expressions.Evaluate(binding.Expression, this), typeof(bool))!;
                }
                catch (Exception e) when (e is ExpressionException or FormatException or InvalidCastException)
                {
                    await FaultAsync(frame, graphNode, null, e, cancellationToken);
                    return;
                }

                frame.Branch = condition ? "True" : "False";
                if ((condition ? node.Then : node.Else) is { } branch)
                {
                    Schedule(branch, frame);
                }
                else
                {
                    Complete(frame, [frame.Branch, ActivityResult.DoneOutcome], null);
                }

                break;
        }
    }

    private void ChildCompleted(Frame parent, GraphNode parentNode, string childActivityId, string[] outcomes)
    {
        var node = parentNode.Node;
        switch (parentNode.Descriptor.Kind)
        {
            case ActivityKind.Flowchart:
                parent.Pending--;
                if (Graph[childActivityId].Node.Type == ActivityRegistry.End)
                {
                    CancelDescendants(parent.Id);
                    Complete(parent, [ActivityResult.DoneOutcome], null);
                    return;
                }

                foreach (var outcome in outcomes)
                {
                    foreach (var target in Graph.Targets(childActivityId, outcome))
                    {
                        parent.Pending++;
                        Schedule(target, parent);
                    }
                }

                if (parent.Pending <= 0)
                {
                    Complete(parent, [ActivityResult.DoneOutcome], null);
                }

                break;
            case ActivityKind.Sequence:
                parent.ChildIndex++;
                if (parent.ChildIndex < node.Activities!.Count)
                {
                    Schedule(node.Activities[parent.ChildIndex], parent);
                }
                else
                {
                    Complete(parent, [ActivityResult.DoneOutcome], null);
                }

                break;
            case ActivityKind.If:
                Complete(parent, [parent.Branch ?? "False", ActivityResult.DoneOutcome], null);
                break;
        }
    }

    private async Task RunLeafAsync(Frame frame, GraphNode graphNode, BookmarkResumption? resumption, CancellationToken cancellationToken)
    {
        if (resumption is not null && frame.ExecutionId is null)
        {
            StartExecutionRecord(frame, graphNode);
        }

        var descriptor = graphNode.Descriptor;
        var node = graphNode.Node;
        await using var scope = _scopes.CreateAsyncScope();
        WorkflowActivity? activity = null;
        ActivityResult result;
        try
        {
            activity = (WorkflowActivity)scope.ServiceProvider.GetRequiredService(descriptor.ClrType!);
            BindInputs(activity, descriptor, node);
            var context = new ActivityContext(this, frame.Id, node, Run, frame.Attempt, scope.ServiceProvider, _clock);
            result = resumption is null
                ? await activity.ExecuteAsync(context, cancellationToken)
                : await activity.ResumeAsync(context, resumption, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            _nextCommitWork.Clear();
            await FaultAsync(frame, graphNode, activity?.DefaultRetryPolicy, e, cancellationToken);
            return;
        }

        State.Current = null;
        var outputs = CollectOutputs(activity, descriptor, node);
        if (result.IsSuspended)
        {
            Suspend(frame, node, result.Bookmarks);
        }
        else
        {
            Complete(frame, [.. result.Outcomes], outputs);
        }

        _commitAfterItem = activity.HasSideEffects;
    }

    private void BindInputs(WorkflowActivity activity, ActivityDescriptor descriptor, ActivityNode node)
    {
        foreach (var input in descriptor.Inputs)
        {
            if (input.Property is null || !node.Inputs.TryGetValue(input.Name, out var binding))
            {
                continue;
            }

            var value = _expressions.Evaluate(binding.Expression, this);
            object? converted;
            try
            {
                converted = TypeNames.Convert(value, input.ClrType);
            }
            catch (FormatException e)
            {
                throw new ExpressionException($"The input '{input.Name}' of {node.Type} '{node.Id}': {e.Message}", e);
            }

            ((IActivityInput)input.Property.GetValue(activity)!).Assign(converted);
        }
    }

    private JsonObject? CollectOutputs(WorkflowActivity activity, ActivityDescriptor descriptor, ActivityNode node)
    {
        JsonObject? outputs = null;
        foreach (var output in descriptor.Outputs)
        {
            if (output.Property?.GetValue(activity) is not IActivityOutput { HasValue: true } value)
            {
                continue;
            }

            var json = TypeNames.ToJson(value.BoxedValue);
            (outputs ??= [])[output.Name] = json?.DeepClone();
            if (node.Outputs.TryGetValue(output.Name, out var binding))
            {
                SetVariable(binding.MemoryReferenceId, json);
            }
        }

        return outputs;
    }

    private void Schedule(ActivityNode child, Frame parent)
    {
        var frame = new Frame { Id = NewId(), ActivityId = child.Id, ParentId = parent.Id };
        State.Frames.Add(frame);
        State.Queue.Add(new WorkItem { Kind = WorkKind.Execute, FrameId = frame.Id });
    }

    private void Complete(Frame frame, string[] outcomes, JsonObject? outputs)
    {
        var record = ExecutionRecordOf(frame);
        if (record is not null)
        {
            record.Status = ActivityRunStatus.Completed;
            record.CompletedAt = _clock.GetUtcNow();
            record.Outcomes = string.Join(",", outcomes);
            record.OutputsJson = Cut(outputs?.ToJsonString());
        }

        State.Frames.Remove(frame);
        if (frame.ParentId is null)
        {
            Instance.Status = WorkflowStatus.Finished;
            Finish();
            return;
        }

        State.Queue.Add(new WorkItem { Kind = WorkKind.ChildCompleted, FrameId = frame.ParentId, ChildActivityId = frame.ActivityId, Outcomes = outcomes });
    }

    private void Finish()
    {
        Instance.FinishedAt = _clock.GetUtcNow();
        State.Queue.Clear();
        _deleteAllBookmarks = true;
    }

    private void Suspend(Frame frame, ActivityNode node, IReadOnlyList<BookmarkRequest> requests)
    {
        var now = _clock.GetUtcNow();
        frame.Status = FrameStatus.Suspended;
        frame.BookmarkIds ??= [];
        foreach (var request in requests)
        {
            var bookmark = new WorkflowBookmarkRecord
            {
                Id = NewId(),
                InstanceId = Instance.Id,
                FrameId = frame.Id,
                ActivityId = node.Id,
                Kind = request.EventName is null ? BookmarkKind.Timer : BookmarkKind.Event,
                EventName = request.EventName,
                CorrelationId = request.CorrelationId,
                DueAt = request.DueAt,
                DataJson = request.Data?.ToJsonString(),
                CreatedAt = now,
            };
            _newBookmarks.Add(bookmark);
            frame.BookmarkIds.Add(bookmark.Id);
        }

        if (ExecutionRecordOf(frame) is { } record)
        {
            record.Status = ActivityRunStatus.Suspended;
        }
    }

    private async Task FaultAsync(Frame frame, GraphNode graphNode, RetryPolicy? activityDefault, Exception error, CancellationToken cancellationToken)
    {
        State.Current = null;
        var node = graphNode.Node;
        var now = _clock.GetUtcNow();
        var message = error.Message;
        _incidents.Add(new WorkflowIncidentRecord
        {
            Id = NewId(),
            InstanceId = Instance.Id,
            ActivityId = node.Id,
            ActivityType = node.Type,
            Attempt = frame.Attempt,
            Message = message,
            ExceptionType = error.GetType().FullName,
            Timestamp = now,
        });
        Instance.IncidentCount++;
        if (ExecutionRecordOf(frame) is { } record)
        {
            record.Status = ActivityRunStatus.Faulted;
            record.CompletedAt = now;
            record.Error = Cut(message);
        }

        var policy = RetryPolicies.FromDefinition(node) ?? activityDefault ?? new RetryPolicy(1, TimeSpan.Zero);
        if (frame.Attempt < policy.MaxAttempts)
        {
            frame.Attempt++;
            frame.ExecutionId = null;
            var delay = policy.DelayBefore(frame.Attempt);
            if (delay <= TimeSpan.Zero)
            {
                State.Queue.Insert(0, new WorkItem { Kind = WorkKind.Execute, FrameId = frame.Id });
            }
            else
            {
                var bookmark = new WorkflowBookmarkRecord
                {
                    Id = NewId(), InstanceId = Instance.Id, FrameId = frame.Id, ActivityId = node.Id,
                    Kind = BookmarkKind.Retry, DueAt = now + delay, CreatedAt = now,
                };
                _newBookmarks.Add(bookmark);
                frame.BookmarkIds = [bookmark.Id];
                frame.Status = FrameStatus.Suspended;
            }
        }
        else
        {
            frame.Status = FrameStatus.Faulted;
            Instance.Status = WorkflowStatus.Faulted;
            Instance.FaultedActivityId = node.Id;
            var attempts = frame.Attempt == 1 ? "1 attempt" : $"{frame.Attempt} attempts";
            Instance.FaultMessage = Cut($"{node.Type} '{node.Id}' failed after {attempts}: {message}");
        }

        await CommitAsync(null, cancellationToken);
    }

    /// <summary>Removes every frame under <paramref name="ancestorId"/>, their queued work and their bookmarks.</summary>
    private void CancelDescendants(string ancestorId)
    {
        var doomed = new HashSet<string>(StringComparer.Ordinal);
        bool changed;
        do
        {
            changed = false;
            foreach (var frame in State.Frames)
            {
                if (frame.ParentId is { } parent && (parent == ancestorId || doomed.Contains(parent)) && doomed.Add(frame.Id))
                {
                    changed = true;
                }
            }
        }
        while (changed);

        foreach (var frame in State.Frames.Where(f => doomed.Contains(f.Id)).ToList())
        {
            CancelFrame(frame);
        }

        State.Queue.RemoveAll(w => doomed.Contains(w.FrameId));
    }

    /// <summary>A new instance: its root activity is the first work.</summary>
    public void ScheduleRoot()
    {
        var frame = new Frame { Id = NewId(), ActivityId = Graph.Root.Id };
        State.Frames.Add(frame);
        State.Queue.Add(new WorkItem { Kind = WorkKind.Execute, FrameId = frame.Id });
        _dirty = true;
    }

    /// <summary>Whether the activity run that made this bookmark is still waiting on it.</summary>
    public bool IsWaitingOn(WorkflowBookmarkRecord bookmark) =>
        State.Find(bookmark.FrameId) is { Status: FrameStatus.Suspended, BookmarkIds: { } ids } && ids.Contains(bookmark.Id);

    /// <summary>Queues the continuation of a claimed bookmark ahead of everything else.</summary>
    public void QueueResume(WorkflowBookmarkRecord bookmark, JsonNode? payload)
    {
        if (State.Find(bookmark.FrameId) is null)
        {
            throw new WorkflowStateException($"Workflow instance {Instance.Id} has no waiting activity '{bookmark.ActivityId}' for bookmark {bookmark.Id}.");
        }

        State.Queue.Insert(0, new WorkItem
        {
            Kind = WorkKind.Resume,
            FrameId = bookmark.FrameId,
            BookmarkId = bookmark.Id,
            BookmarkKind = bookmark.Kind,
            EventName = bookmark.EventName,
            DueAt = bookmark.DueAt,
            Data = bookmark.DataJson is null ? null : JsonNode.Parse(bookmark.DataJson),
            Payload = payload?.DeepClone(),
        });
        Instance.Status = WorkflowStatus.Running;
        _dirty = true;
    }

    /// <summary>A process stopped mid-activity: the activity it was running is run again (from its checkpoint).</summary>
    public void RequeueInterrupted()
    {
        if (State.Current is { } current)
        {
            State.Queue.Insert(0, current);
            State.Current = null;
        }
    }

    /// <summary>An operator's retry: the failed activity runs again with a fresh set of attempts.</summary>
    public void PrepareRetry()
    {
        var frame = State.Frames.Find(f => f.Status == FrameStatus.Faulted)
            ?? throw new WorkflowStateException($"Workflow instance {Instance.Id} has no failed activity to retry.");
        frame.Status = FrameStatus.Running;
        frame.Attempt = 1;
        frame.ExecutionId = null;
        State.Queue.Insert(0, new WorkItem { Kind = WorkKind.Execute, FrameId = frame.Id });
        Instance.Status = WorkflowStatus.Running;
        Instance.FaultMessage = null;
        Instance.FaultedActivityId = null;
        _dirty = true;
    }

    /// <summary>Cancels the whole instance.</summary>
    public void CancelAll()
    {
        foreach (var frame in State.Frames.ToList())
        {
            CancelFrame(frame);
        }

        State.Queue.Clear();
        Instance.Status = WorkflowStatus.Cancelled;
        Instance.FinishedAt = _clock.GetUtcNow();
        _deleteAllBookmarks = true;
        _dirty = true;
    }

    private void CancelFrame(Frame frame)
    {
        ForgetBookmarks(frame);
        if (frame.ExecutionId is not null && ExecutionRecordOf(frame) is { } record)
        {
            record.Status = ActivityRunStatus.Cancelled;
            record.CompletedAt = _clock.GetUtcNow();
        }

        State.Frames.Remove(frame);
    }

    /// <summary>Drops the frame's waiting bookmarks; the one being resumed stays as a tombstone (ResumedAt set) so a
    /// late second resume is told "already resumed" rather than "not found".</summary>
    private void ForgetBookmarks(Frame frame, string? keep = null)
    {
        foreach (var id in frame.BookmarkIds ?? [])
        {
            if (id != keep && _newBookmarks.RemoveAll(b => b.Id == id) == 0)
            {
                _removedBookmarks.Add(id);
            }
        }

        frame.BookmarkIds = null;
    }

    private void StartExecutionRecord(Frame frame, GraphNode graphNode)
    {
        frame.ExecutionId = NewId();
        frame.ExecutionSequence = ++State.Sequence;
        frame.StartedAt = _clock.GetUtcNow();
        frame.ExecutionPersisted = false;
        _executions[frame.ExecutionId] = (new ActivityExecutionRecord
        {
            Id = frame.ExecutionId,
            InstanceId = Instance.Id,
            Sequence = frame.ExecutionSequence,
            ActivityId = frame.ActivityId,
            ActivityType = graphNode.Node.Type,
            Attempt = frame.Attempt,
            Status = ActivityRunStatus.Running,
            StartedAt = frame.StartedAt,
        }, false);
    }

    /// <summary>The frame's execution record, rebuilt from the frame when it was committed by an earlier run.</summary>
    private ActivityExecutionRecord? ExecutionRecordOf(Frame frame)
    {
        if (frame.ExecutionId is null)
        {
            return null;
        }

        if (_executions.TryGetValue(frame.ExecutionId, out var known))
        {
            return known.Record;
        }

        var record = new ActivityExecutionRecord
        {
            Id = frame.ExecutionId,
            InstanceId = Instance.Id,
            Sequence = frame.ExecutionSequence,
            ActivityId = frame.ActivityId,
            ActivityType = Graph[frame.ActivityId].Node.Type,
            Attempt = frame.Attempt,
            Status = frame.Status == FrameStatus.Suspended ? ActivityRunStatus.Suspended : ActivityRunStatus.Running,
            StartedAt = frame.StartedAt,
        };
        _executions[frame.ExecutionId] = (record, frame.ExecutionPersisted);
        return record;
    }

    private static string? Cut(string? text) =>
        text is null || text.Length <= MaxOutputsJsonLength ? text : text[..MaxOutputsJsonLength] + "…";

    private static string NewId() => Guid.NewGuid().ToString("N");

    /// <summary>
    /// Writes everything this run changed since the last commit in one transaction; <paramref name="work"/> (an
    /// activity's own writes, or a bookmark claim) runs first inside the same transaction.
    /// </summary>
    public async Task CommitAsync(Func<DbContext, CancellationToken, Task>? work, CancellationToken cancellationToken)
    {
        if (_nextCommitWork.Count > 0)
        {
            var pending = _nextCommitWork.ToList();
            var own = work;
            _nextCommitWork.Clear();
            work = async (db, ct) =>
            {
                foreach (var step in pending)
                {
                    await step(db, ct);
                }

                if (own is not null)
                {
                    await own(db, ct);
                }
            };
        }

        await using var db = await _contexts.CreateAsync(cancellationToken);
        IDbContextTransaction? transaction = null;
        if (work is not null || _deleteAllBookmarks)
        {
            transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        }

        await using (transaction)
        {
            if (work is not null)
            {
                await work(db, cancellationToken);
                await db.SaveChangesAsync(cancellationToken);
                db.ChangeTracker.Clear();
            }

            db.ChangeTracker.AutoDetectChangesEnabled = false;
            foreach (var frame in State.Frames)
            {
                if (frame.ExecutionId is not null && _executions.ContainsKey(frame.ExecutionId))
                {
                    frame.ExecutionPersisted = true;
                }
            }

            var now = _clock.GetUtcNow();
            Instance.StateJson = State.Serialize();
            Instance.UpdatedAt = now;
            if (_isNew)
            {
                Instance.Revision = 1;
                db.Add(Instance);
            }
            else
            {
                var expected = Instance.Revision;
                Instance.Revision = expected + 1;
                var entry = db.Attach(Instance);
                entry.State = EntityState.Modified;
                entry.Property(r => r.Revision).OriginalValue = expected;
                entry.Property(r => r.OwnerNodeId).IsModified = false;
                entry.Property(r => r.LeaseExpiresAt).IsModified = false;
            }

            foreach (var name in _dirtyVariables)
            {
                var row = new WorkflowVariableRecord { InstanceId = Instance.Id, Name = name, ValueJson = _variables.GetValueOrDefault(name)?.ToJsonString() };
                if (_persistedVariables.Contains(name))
                {
                    db.Attach(row).State = EntityState.Modified;
                }
                else
                {
                    db.Add(row);
                }
            }

            foreach (var (record, persisted) in _executions.Values)
            {
                if (persisted)
                {
                    db.Attach(record).State = EntityState.Modified;
                }
                else
                {
                    db.Add(record);
                }
            }

            if (!_deleteAllBookmarks)
            {
                db.AddRange(_newBookmarks);
                foreach (var id in _removedBookmarks)
                {
                    db.Set<WorkflowBookmarkRecord>().Remove(new WorkflowBookmarkRecord { Id = id, InstanceId = Instance.Id, FrameId = string.Empty, ActivityId = string.Empty });
                }
            }

            db.AddRange(_incidents);
            db.AddRange(_log);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException e)
            {
                Instance.Revision--;
                throw new WorkflowStateException($"Workflow instance {Instance.Id} was changed by another runner; this run stops without overwriting it. ({e.Message})");
            }

            if (_deleteAllBookmarks)
            {
                await db.Set<WorkflowBookmarkRecord>().Where(b => b.InstanceId == Instance.Id && b.ResumedAt == null).ExecuteDeleteAsync(cancellationToken);
            }

            if (transaction is not null)
            {
                await transaction.CommitAsync(cancellationToken);
            }
        }

        _isNew = false;
        _deleteAllBookmarks = false;
        _dirty = false;
        foreach (var name in _dirtyVariables)
        {
            _persistedVariables.Add(name);
        }

        _dirtyVariables.Clear();
        _executions.Clear();
        _newBookmarks.Clear();
        _removedBookmarks.Clear();
        _incidents.Clear();
        _log.Clear();
    }

    // IActivityHost and IExpressionScope: what activities and expressions see.
    public string InstanceId => Instance.Id;

    public string? CorrelationId => Instance.CorrelationId;

    public IEnumerable<string> VariableNames => _variableNames.Keys.Where(k => _variableNames[k] == k);

    public IEnumerable<string> InputNames => _input.Select(p => p.Key);

    public JsonNode? GetVariable(string nameOrId) =>
        _variableNames.TryGetValue(nameOrId, out var name)
            ? _variables.GetValueOrDefault(name)?.DeepClone()
            : throw new InvalidOperationException($"'{nameOrId}' is not a declared variable of {Instance.DefinitionId}.");

    public void SetVariable(string nameOrId, JsonNode? value)
    {
        if (!_variableNames.TryGetValue(nameOrId, out var name))
        {
            throw new InvalidOperationException($"'{nameOrId}' is not a declared variable of {Instance.DefinitionId}.");
        }

        _variables[name] = value?.DeepClone();
        _dirtyVariables.Add(name);
        _dirty = true;
    }

    public JsonNode? GetInput(string name) => GetWorkflowInput(name);

    public JsonNode? GetWorkflowInput(string name)
    {
        foreach (var (key, value) in _input)
        {
            if (key.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return value?.DeepClone();
            }
        }

        return null;
    }

    public void Log(string activityId, string message)
    {
        _log.Add(new WorkflowLogRecord
        {
            Id = NewId(),
            InstanceId = Instance.Id,
            Sequence = ++State.Sequence,
            ActivityId = activityId,
            Message = message ?? string.Empty,
            Timestamp = _clock.GetUtcNow(),
        });
        _dirty = true;
    }

    public JsonNode? GetCheckpoint(string frameId) => State.Find(frameId)?.Checkpoint?.DeepClone();

    public void AddToNextCommit(Func<DbContext, CancellationToken, Task> work) => _nextCommitWork.Add(work);

    public async Task SaveCheckpointAsync(string frameId, JsonNode? checkpoint, Func<DbContext, CancellationToken, Task>? work, CancellationToken cancellationToken)
    {
        var frame = State.Find(frameId) ?? throw new InvalidOperationException("The activity is no longer running.");
        var previous = frame.Checkpoint;
        frame.Checkpoint = checkpoint?.DeepClone();
        try
        {
            await CommitAsync(work, cancellationToken);
        }
        catch
        {
            frame.Checkpoint = previous;
            throw;
        }
    }
}
