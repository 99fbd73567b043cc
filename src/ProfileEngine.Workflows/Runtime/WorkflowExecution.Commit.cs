using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
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
