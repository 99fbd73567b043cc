using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using ProfileEngine.Workflows.Persistence;

namespace ProfileEngine.Workflows.Runtime;

/// <summary>
/// Writing to the database: instance, variables, bookmarks, execution records, incidents and log lines, plus the work
/// an activity asked for, in one transaction; and saving an activity's checkpoint the same way.
/// </summary>
internal sealed partial class WorkflowExecution
{
    /// <summary>
    /// Writes everything this run changed since the last commit in one transaction; <paramref name="work"/> (an
    /// activity's own writes, or a bookmark claim) runs first inside the same transaction.
    /// </summary>
    public async Task CommitAsync(Func<DbContext, CancellationToken, Task>? work, CancellationToken cancellationToken)
    {
        if (_nextCommitWork.Count > 0 || _pendingClaim is not null)
        {
            var pending = _pendingClaim is null ? _nextCommitWork.ToList() : [_pendingClaim, .. _nextCommitWork];
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
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            if (work is not null)
            {
                await work(db, cancellationToken);
                await db.SaveChangesAsync(cancellationToken);
                db.ChangeTracker.Clear();
            }

            foreach (var frame in State.Frames)
            {
                if (frame.ExecutionId is not null && _executions.ContainsKey(frame.ExecutionId))
                {
                    frame.ExecutionPersisted = true;
                }
            }

            var rows = new RowStatements(db);
            var (instanceRow, releasesLease) = WriteInstance(rows);
            foreach (var name in _dirtyVariables)
            {
                var row = new WorkflowVariableRecord { InstanceId = Instance.Id, Name = name, ValueJson = _variables.GetValueOrDefault(name)?.ToJsonString() };
                _ = _persistedVariables.Contains(name) ? rows.Update(row) : rows.Insert(row);
            }

            foreach (var (record, persisted) in _executions.Values)
            {
                _ = persisted ? rows.Update(record) : rows.Insert(record);
            }

            if (_deleteAllBookmarks)
            {
                rows.Add<WorkflowBookmarkRecord>(
                    "DELETE FROM {table} WHERE [InstanceId] = {0} AND [ResumedAt] IS NULL", (nameof(WorkflowBookmarkRecord.InstanceId), Instance.Id));
            }
            else
            {
                foreach (var bookmark in _newBookmarks)
                {
                    rows.Insert(bookmark);
                }

                foreach (var id in _removedBookmarks)
                {
                    rows.Delete(new WorkflowBookmarkRecord { Id = id, InstanceId = Instance.Id, FrameId = string.Empty, ActivityId = string.Empty });
                }
            }

            foreach (var incident in _incidents)
            {
                rows.Insert(incident);
            }

            foreach (var line in _log)
            {
                rows.Insert(line);
            }

            var affected = await rows.ExecuteAsync(cancellationToken);
            if (affected[instanceRow] != 1)
            {
                Instance.Revision--;
                throw new WorkflowStateException($"Workflow instance {Instance.Id} was changed by another runner; this run stops without overwriting it.");
            }

            await transaction.CommitAsync(cancellationToken);
            if (releasesLease)
            {
                Lease!.ReleasedByCommit();
            }
        }

        _isNew = false;
        _pendingClaim = null;
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

    /// <summary>
    /// The owner lease this run holds, if any. The commit that ends the run (the instance leaves Running) clears the
    /// lease in the same statement, so letting go of the instance costs no transaction of its own.
    /// </summary>
    public InstanceLeases.Hold? Lease { get; set; }

    private static readonly IReadOnlySet<string> LeaseColumns = new HashSet<string>(StringComparer.Ordinal)
    {
        nameof(WorkflowInstanceRecord.OwnerNodeId),
        nameof(WorkflowInstanceRecord.LeaseExpiresAt),
    };

    /// <summary>Queues the instance row: inserted by the first commit, then updated only at the revision this run read.</summary>
    private (int Statement, bool ReleasesLease) WriteInstance(RowStatements rows)
    {
        Instance.StateJson = State.Serialize();
        Instance.UpdatedAt = _clock.GetUtcNow();
        var releasesLease = Lease is not null && Instance.Status != WorkflowStatus.Running;
        if (releasesLease)
        {
            Instance.OwnerNodeId = null;
            Instance.LeaseExpiresAt = null;
        }

        if (_isNew)
        {
            Instance.Revision = 1;
            return (rows.Insert(Instance), releasesLease);
        }

        var expected = Instance.Revision;
        Instance.Revision = expected + 1;
        return (rows.Update(Instance, releasesLease ? null : LeaseColumns, (nameof(WorkflowInstanceRecord.Revision), expected)), releasesLease);
    }

    /// <summary>
    /// Makes <paramref name="claim"/> (a resume's claim of its bookmark) part of the run's first commit instead of a commit
    /// of its own. That commit comes at the latest right before an activity with side effects runs, so until then the
    /// run has only changed memory and is dropped if the claim fails.
    /// </summary>
    public void ClaimWithFirstCommit(Func<DbContext, CancellationToken, Task> claim) => _pendingClaim = claim;

    /// <summary>False while a claim handed to <see cref="ClaimWithFirstCommit"/> has not been committed.</summary>
    public bool ClaimCommitted => _pendingClaim is null;

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
