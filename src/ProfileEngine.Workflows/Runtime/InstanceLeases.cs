using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using ProfileEngine.Workflows.Persistence;

namespace ProfileEngine.Workflows.Runtime;

/// <summary>
/// The owner lease on a workflow instance: a node runs an instance only after a conditional update made it the
/// owner (the instance was unowned, its lease had run out, or it was already this node's), renews the lease on a
/// heartbeat while it runs and clears it when the run ends. A live node's instance is therefore never continued by
/// another node, and a dead node's is continued once its lease expires.
/// </summary>
internal sealed class InstanceLeases(IWorkflowDbContextSource contexts, TimeProvider clock, string nodeId, TimeSpan duration, ILogger logger)
{
    public string NodeId => nodeId;

    /// <summary>Takes the lease inside the caller's transaction; 0 rows means another live node holds it.</summary>
    public async Task<int> ClaimAsync(DbContext db, string instanceId, CancellationToken cancellationToken)
    {
        var rows = new RowStatements(db);
        var claim = QueueClaim(rows, instanceId);
        return (await rows.ExecuteAsync(cancellationToken))[claim];
    }

    /// <summary>Queues the statement that takes the lease (see <see cref="ClaimAsync"/>); returns its index.</summary>
    public int QueueClaim(RowStatements rows, string instanceId)
    {
        var now = clock.GetUtcNow();
        return rows.Add<WorkflowInstanceRecord>(
            "UPDATE {table} SET [OwnerNodeId] = {0}, [LeaseExpiresAt] = {1} WHERE [Id] = {2} AND ([OwnerNodeId] IS NULL OR [OwnerNodeId] = {0} OR [LeaseExpiresAt] IS NULL OR [LeaseExpiresAt] < {3})",
            (nameof(WorkflowInstanceRecord.OwnerNodeId), nodeId),
            (nameof(WorkflowInstanceRecord.LeaseExpiresAt), now + duration),
            (nameof(WorkflowInstanceRecord.Id), instanceId),
            (nameof(WorkflowInstanceRecord.LeaseExpiresAt), now));
    }

    /// <summary>
    /// Has <paramref name="execution"/>'s next commit take the lease with the instance row itself, rather than in a
    /// statement of its own (see <see cref="WorkflowExecution.ClaimLeaseWithNextCommit"/>).
    /// </summary>
    public void ClaimWithNextCommit(WorkflowExecution execution)
    {
        var now = clock.GetUtcNow();
        execution.ClaimLeaseWithNextCommit(nodeId, now, now + duration);
    }

    /// <summary>Takes the lease in its own statement and starts holding it; null when another live node holds it.</summary>
    public async Task<Hold?> TryHoldAsync(string instanceId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateAsync(cancellationToken);
        return await ClaimAsync(db, instanceId, cancellationToken) == 1 ? Start(instanceId) : null;
    }

    /// <summary>A new instance is inserted by its first commit already owned by this node.</summary>
    public Hold HoldNew(WorkflowInstanceRecord instance)
    {
        instance.OwnerNodeId = nodeId;
        instance.LeaseExpiresAt = clock.GetUtcNow() + duration;
        return Start(instance.Id);
    }

    /// <summary>Starts holding a lease that was claimed in a commit (see <see cref="ClaimAsync"/>).</summary>
    public Hold Start(string instanceId) => new(this, instanceId);

    private ITimer StartHeartbeat(Action beat) => clock.CreateTimer(_ => beat(), null, duration / 3, duration / 3);

    private async Task RenewAsync(string instanceId)
    {
        try
        {
            var until = clock.GetUtcNow() + duration;
            await using var db = await contexts.CreateAsync(CancellationToken.None);
            await db.Set<WorkflowInstanceRecord>()
                .Where(i => i.Id == instanceId && i.OwnerNodeId == nodeId)
                .ExecuteUpdateAsync(u => u.SetProperty(i => i.LeaseExpiresAt, until));
        }
        catch (Exception e)
        {
            // The next beat tries again; if none gets through before the lease runs out, the revision check still stops a second writer.
            logger.LogWarning(e, "Renewing the lease on workflow instance {InstanceId} failed", instanceId);
        }
    }

    private async Task ReleaseAsync(string instanceId)
    {
        try
        {
            await using var db = await contexts.CreateAsync(CancellationToken.None);
            await db.Set<WorkflowInstanceRecord>()
                .Where(i => i.Id == instanceId && i.OwnerNodeId == nodeId)
                .ExecuteUpdateAsync(u => u.SetProperty(i => i.OwnerNodeId, (string?)null).SetProperty(i => i.LeaseExpiresAt, (DateTimeOffset?)null));
        }
        catch (Exception e)
        {
            // Not fatal: the lease runs out on its own and another node (or this one) continues a Running instance then.
            logger.LogWarning(e, "Releasing the lease on workflow instance {InstanceId} failed", instanceId);
        }
    }

    /// <summary>A held lease: beats at a third of the lease duration, released on dispose.</summary>
    public sealed class Hold : IAsyncDisposable
    {
        private readonly InstanceLeases _owner;
        private readonly string _instanceId;
        private readonly ITimer _heartbeat;
        private readonly Lock _gate = new();
        private Task _lastBeat = Task.CompletedTask;
        private bool _released;
        private bool _clearedByCommit;

        internal Hold(InstanceLeases owner, string instanceId)
        {
            _owner = owner;
            _instanceId = instanceId;
            _heartbeat = owner.StartHeartbeat(Beat);
        }

        /// <summary>The run's last commit cleared the lease with the instance row; disposing then only stops the heartbeat.</summary>
        public void ReleasedByCommit()
        {
            lock (_gate)
            {
                _clearedByCommit = true;
            }
        }

        /// <summary>The commit that was to take the lease rolled back: there is nothing to give up, so disposing writes nothing.</summary>
        public void NeverTaken() => ReleasedByCommit();

        public async ValueTask DisposeAsync()
        {
            Task last;
            bool cleared;
            lock (_gate)
            {
                if (_released)
                {
                    return;
                }

                _released = true;
                last = _lastBeat;
                cleared = _clearedByCommit;
            }

            await _heartbeat.DisposeAsync();
            await last;
            if (!cleared)
            {
                await _owner.ReleaseAsync(_instanceId);
            }
        }

        private void Beat()
        {
            lock (_gate)
            {
                if (!_released)
                {
                    var previous = _lastBeat;
                    _lastBeat = previous.ContinueWith(_ => _owner.RenewAsync(_instanceId), TaskScheduler.Default).Unwrap();
                }
            }
        }
    }
}
