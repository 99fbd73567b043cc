using System.Text.Json.Nodes;
using ProfileEngine.Workflows.Activities;
using ProfileEngine.Workflows.Definitions;
using ProfileEngine.Workflows.Persistence;

namespace ProfileEngine.Workflows.Runtime;

/// <summary>
/// The scheduler: frames and the work queue. Starting, resuming, retrying and cancelling an instance; scheduling
/// children and moving a composite activity on when one of them completes; completing and suspending frames.
/// </summary>
internal sealed partial class WorkflowExecution
{
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

    private void Schedule(ActivityNode child, Frame parent)
    {
        var frame = new Frame { Id = NewId(), ActivityId = child.Id, ParentId = parent.Id };
        State.Frames.Add(frame);
        State.Queue.Add(new WorkItem { Kind = WorkKind.Execute, FrameId = frame.Id });
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

                FlowOn(parent, childActivityId, outcomes);
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
            case ActivityKind.ForEach:
                parent.ChildIndex++;
                NextIteration(parent, parentNode);
                break;
            case ActivityKind.Fork:
                BranchCompleted(parent, parentNode);
                break;
        }
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

    /// <summary>Elsa.Finish: this activity completes, every other frame is cancelled, the instance is Finished.</summary>
    private void FinishWorkflow(Frame finishing, JsonObject? outputs)
    {
        if (ExecutionRecordOf(finishing) is { } record)
        {
            record.Status = ActivityRunStatus.Completed;
            record.CompletedAt = _clock.GetUtcNow();
            record.Outcomes = ActivityResult.DoneOutcome;
            record.OutputsJson = Cut(outputs?.ToJsonString());
        }

        State.Frames.Remove(finishing);
        foreach (var frame in State.Frames.ToList())
        {
            CancelFrame(frame);
        }

        Instance.Status = WorkflowStatus.Finished;
        Finish();
    }

    /// <summary>
    /// The instance is done: every bookmark still waiting is dropped by id (frames list all of theirs), so the common
    /// case, a finish right after its last bookmark was claimed, deletes nothing.
    /// </summary>
    private void Finish()
    {
        Instance.FinishedAt = _clock.GetUtcNow();
        State.Queue.Clear();
        foreach (var frame in State.Frames)
        {
            ForgetBookmarks(frame);
        }
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
}
