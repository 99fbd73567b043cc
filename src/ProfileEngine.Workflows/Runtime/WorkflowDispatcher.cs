using Microsoft.Extensions.Logging;

namespace ProfileEngine.Workflows.Runtime;

/// <summary>
/// This node's background runner: runs instances handed over by <see cref="WorkflowDispatch.InBackground"/> calls, at
/// most <c>concurrency</c> at a time. Each hand-over comes with its claim (the in-process gate and the owner lease,
/// already committed), released when the run ends or is dropped; what a stopping node drops stays Running in the
/// database and is continued by recovery on this or another node once the lease is gone.
/// </summary>
#pragma warning disable CA1001 // Lives as long as the runtime (a singleton); disposing its semaphore under a late run would throw in that run.
internal sealed class WorkflowDispatcher(int concurrency, ILogger logger)
#pragma warning restore CA1001
{
    private readonly SemaphoreSlim _slots = new(Math.Max(1, concurrency), Math.Max(1, concurrency));
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private TaskCompletionSource _idle = Completed();
    private int _queued;
    private int _running;

    public int Capacity { get; } = Math.Max(1, concurrency);

    public WorkflowDispatcherState State
    {
        get
        {
            lock (_gate)
            {
                return new WorkflowDispatcherState(_queued, _running, Capacity, _stopping.IsCancellationRequested);
            }
        }
    }

    /// <summary>Queues a run; <paramref name="claim"/> is disposed after it, whether it ran, failed or was dropped.</summary>
    public void Enqueue(string instanceId, IAsyncDisposable claim, Func<CancellationToken, Task> run)
    {
        lock (_gate)
        {
            if (_queued + _running == 0)
            {
                _idle = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            _queued++;
        }

        // Not the caller's context: the run must not inherit the request's ambient state (its HttpContext, its
        // background scope), and it outlives the request.
        using (ExecutionContext.SuppressFlow())
        {
            _ = Task.Run(() => RunQueuedAsync(instanceId, claim, run));
        }
    }

    /// <summary>Completes when nothing is queued or running (tests, a graceful stop).</summary>
    public Task WhenIdleAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return _idle.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Drops what is queued and asks running instances to stop at their next step (the host is stopping).</summary>
    public Task StopAsync() => _stopping.CancelAsync();

    private async Task RunQueuedAsync(string instanceId, IAsyncDisposable claim, Func<CancellationToken, Task> run)
    {
        var started = false;
        try
        {
            await _slots.WaitAsync(_stopping.Token);
            try
            {
                lock (_gate)
                {
                    _queued--;
                    _running++;
                    started = true;
                }

                await run(_stopping.Token);
            }
            finally
            {
                _slots.Release();
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            logger.LogInformation("Workflow instance {InstanceId} was left Running for recovery: the node is stopping", instanceId);
        }
#pragma warning disable CA1031 // A background run has no caller to throw to; the instance's own state records faults.
        catch (Exception e)
#pragma warning restore CA1031
        {
            logger.LogError(e, "The background run of workflow instance {InstanceId} failed; recovery continues it", instanceId);
        }
        finally
        {
            await DisposeQuietlyAsync(claim, instanceId);
            lock (_gate)
            {
                if (started)
                {
                    _running--;
                }
                else
                {
                    _queued--;
                }

                if (_queued + _running == 0)
                {
                    _idle.TrySetResult();
                }
            }
        }
    }

    private async Task DisposeQuietlyAsync(IAsyncDisposable claim, string instanceId)
    {
        try
        {
            await claim.DisposeAsync();
        }
#pragma warning disable CA1031 // Releasing a lease is best effort: it runs out by itself.
        catch (Exception e)
#pragma warning restore CA1031
        {
            logger.LogWarning(e, "Releasing the claim on workflow instance {InstanceId} failed", instanceId);
        }
    }

    private static TaskCompletionSource Completed()
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        done.SetResult();
        return done;
    }
}

/// <summary>What this node's dispatcher is doing: runs waiting for a slot, runs in progress, slots, and whether it stopped.</summary>
public sealed record WorkflowDispatcherState(int Queued, int Running, int Capacity, bool Stopped);
