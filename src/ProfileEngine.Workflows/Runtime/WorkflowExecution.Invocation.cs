using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using ProfileEngine.Workflows.Activities;
using ProfileEngine.Workflows.Definitions;
using ProfileEngine.Workflows.Expressions;
using ProfileEngine.Workflows.Persistence;

namespace ProfileEngine.Workflows.Runtime;

/// <summary>
/// Running one activity: composites start their children, leaves are resolved, bound to their inputs, executed or
/// resumed and their outputs collected; failures go through the retry policy. Also keeps the execution records.
/// </summary>
internal sealed partial class WorkflowExecution
{
    private const int MaxOutputsJsonLength = 4096;

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
                    StartFlowchart(frame, start);
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
            case ActivityKind.ForEach:
                await StartForEachAsync(frame, graphNode, cancellationToken);
                break;
            case ActivityKind.Fork:
                await StartForkAsync(frame, graphNode, cancellationToken);
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

    private async Task RunLeafAsync(Frame frame, GraphNode graphNode, BookmarkResumption? resumption, CancellationToken cancellationToken)
    {
        if (resumption is not null && frame.ExecutionId is null)
        {
            StartExecutionRecord(frame, graphNode);
        }

        var descriptor = graphNode.Descriptor;
        var node = graphNode.Node;
        await using var scope = _scopes.CreateAsyncScope();
        WorkflowActivity activity;
        ActivityResult result;
        try
        {
            activity = (WorkflowActivity)scope.ServiceProvider.GetRequiredService(descriptor.ClrType!);
        }
        catch (Exception e)
        {
            _nextCommitWork.Clear();
            await FaultAsync(frame, graphNode, null, e, cancellationToken);
            return;
        }

        if (_pendingClaim is not null && activity.HasSideEffects)
        {
            // The resume this run continues is not committed yet: it must be before anything happens outside the instance.
            await CommitAsync(null, cancellationToken);
        }

        if (_publishedCheck is { } check && activity.HasSideEffects && !activity.EffectsCommitWithInstance)
        {
            await VerifyPublishedAsync(check, cancellationToken);
        }

        if (activity.HasSideEffects)
        {
            // It may take long (a vendor call) and may use the database itself: the run holds no connection meanwhile.
            await _connection.ReleaseAsync();
        }

        try
        {
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
        catch (Exception e) when (e is not PublishedVersionChangedException && !(e is StartAgainException && _isNew))
        {
            // A commit inside the activity that finds the start's version no longer published, or work that refuses what
            // the activity assumed, restarts the start; it is not the activity's fault.
            _nextCommitWork.Clear();
            await FaultAsync(frame, graphNode, activity.DefaultRetryPolicy, e, cancellationToken);
            return;
        }

        State.Current = null;
        var outputs = CollectOutputs(activity, descriptor, node);
        if (result.IsSuspended)
        {
            Suspend(frame, node, result.Bookmarks);
        }
        else if (result.FinishesWorkflow)
        {
            FinishWorkflow(frame, outputs);
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
}
