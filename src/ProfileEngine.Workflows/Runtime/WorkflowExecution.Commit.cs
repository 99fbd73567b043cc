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

        var db = await _connection.GetAsync(cancellationToken);
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            if (work is not null)
            {
                await work(db, cancellationToken);
                if (db.ChangeTracker.HasChanges())
                {
                    await db.SaveChangesAsync(cancellationToken);
                }

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
            var newExecutions = new List<ActivityExecutionRecord>(_executions.Count);
            foreach (var (record, persisted) in _executions.Values)
            {
                if (persisted)
                {
                    UpdateExecution(rows, record);
                }
                else
                {
                    newExecutions.Add(record);
                }
            }

            rows.InsertAll(newExecutions);

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

            rows.InsertAll(_incidents);
            rows.InsertAll(_log);

            var affected = await rows.ExecuteAsync(cancellationToken);
            if (affected[instanceRow] != 1 && _isNew && _publishedCheck is { } check)
            {
                throw new PublishedVersionChangedException(check);
            }

            if (affected[instanceRow] != 1)
            {
                Instance.Revision--;
                throw new WorkflowStateException(_leaseClaim is null
                    ? $"Workflow instance {Instance.Id} was changed by another runner; this run stops without overwriting it."
                    : $"Workflow instance {Instance.Id} is being run by another node or was changed meanwhile; this run stops without overwriting it.");
            }

            await transaction.CommitAsync(cancellationToken);
            if (releasesLease)
            {
                Lease!.ReleasedByCommit();
            }
        }
        catch
        {
            // Rolled back: the context may still track what the activity's work added, so it is not used again.
            await _connection.DiscardAsync();
            throw;
        }

        _isNew = false;
        _publishedCheck = null;
        _pendingClaim = null;
        _leaseClaim = null;
        _deleteAllBookmarks = false;
        _dirty = false;
        _variablesChanged = false;
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

    // The columns a run changes; the rest (definition, correlation, input, creation) are written once by the insert.
    private const string InstanceColumns =
        "UPDATE {table} SET [Status] = {0}, [StateJson] = {1}, [FaultMessage] = {2}, [FaultedActivityId] = {3}, [IncidentCount] = {4}, [UpdatedAt] = {5}, [FinishedAt] = {6}, [Revision] = {7}, [VariablesJson] = {10}";

    private const string UpdateInstance = InstanceColumns + " WHERE [Id] = {8} AND [Revision] = {9}";

    private const string UpdateInstanceAndLease = InstanceColumns + ", [OwnerNodeId] = {11}, [LeaseExpiresAt] = {12} WHERE [Id] = {8} AND [Revision] = {9}";

    private const string UpdateInstanceClaimingLease = UpdateInstanceAndLease +
        " AND ([OwnerNodeId] IS NULL OR [OwnerNodeId] = {13} OR [LeaseExpiresAt] IS NULL OR [LeaseExpiresAt] < {14})";

    private const string UpdateExecutionRecord =
        "UPDATE {table} SET [Status] = {0}, [CompletedAt] = {1}, [Outcomes] = {2}, [OutputsJson] = {3}, [Error] = {4}, [Attempt] = {5} WHERE [Id] = {6}";

    /// <summary>
    /// Queues the instance row: inserted by the first commit, then updated only at the revision this run read (and,
    /// when this commit also takes the owner lease, only while no other live node holds it).
    /// </summary>
    private (int Statement, bool ReleasesLease) WriteInstance(RowStatements rows)
    {
        Instance.StateJson = State.Serialize();
        if (_variablesChanged)
        {
            Instance.VariablesJson = WriteVariables();
        }

        Instance.UpdatedAt = _clock.GetUtcNow();
        var releasesLease = Lease is not null && Instance.Status != WorkflowStatus.Running;
        if (_leaseClaim is { } claim)
        {
            Instance.OwnerNodeId = claim.NodeId;
            Instance.LeaseExpiresAt = claim.Until;
        }

        if (releasesLease)
        {
            Instance.OwnerNodeId = null;
            Instance.LeaseExpiresAt = null;
        }

        if (_isNew)
        {
            Instance.Revision = 1;
            return (_publishedCheck is { } check
                ? rows.InsertIf<WorkflowInstanceRecord, WorkflowDefinitionRecord>(
                    Instance,
                    "[Id] = {0} AND [IsPublished] = {1}",
                    (nameof(WorkflowDefinitionRecord.Id), check.VersionId),
                    (nameof(WorkflowDefinitionRecord.IsPublished), true))
                : rows.Insert(Instance), releasesLease);
        }

        var expected = Instance.Revision;
        Instance.Revision = expected + 1;
        (string, object?)[] values =
        [
            (nameof(WorkflowInstanceRecord.Status), Instance.Status),
            (nameof(WorkflowInstanceRecord.StateJson), Instance.StateJson),
            (nameof(WorkflowInstanceRecord.FaultMessage), Instance.FaultMessage),
            (nameof(WorkflowInstanceRecord.FaultedActivityId), Instance.FaultedActivityId),
            (nameof(WorkflowInstanceRecord.IncidentCount), Instance.IncidentCount),
            (nameof(WorkflowInstanceRecord.UpdatedAt), Instance.UpdatedAt),
            (nameof(WorkflowInstanceRecord.FinishedAt), Instance.FinishedAt),
            (nameof(WorkflowInstanceRecord.Revision), Instance.Revision),
            (nameof(WorkflowInstanceRecord.Id), Instance.Id),
            (nameof(WorkflowInstanceRecord.Revision), expected),
            (nameof(WorkflowInstanceRecord.VariablesJson), Instance.VariablesJson),
            .. _leaseClaim is not null || releasesLease
                ? [(nameof(WorkflowInstanceRecord.OwnerNodeId), Instance.OwnerNodeId), (nameof(WorkflowInstanceRecord.LeaseExpiresAt), Instance.LeaseExpiresAt)]
                : Array.Empty<(string, object?)>(),
            .. _leaseClaim is { } terms
                ? [(nameof(WorkflowInstanceRecord.OwnerNodeId), terms.NodeId), (nameof(WorkflowInstanceRecord.LeaseExpiresAt), terms.Now)]
                : Array.Empty<(string, object?)>(),
        ];
        var sql = _leaseClaim is not null ? UpdateInstanceClaimingLease : releasesLease ? UpdateInstanceAndLease : UpdateInstance;
        return (rows.Add<WorkflowInstanceRecord>(sql, values), releasesLease);
    }

    private string? WriteVariables()
    {
        if (_variables.Count == 0)
        {
            return null;
        }

        var json = new JsonObject();
        foreach (var (name, value) in _variables)
        {
            json[name] = value?.DeepClone();
        }

        return json.ToJsonString();
    }

    private static void UpdateExecution(RowStatements rows, ActivityExecutionRecord record) =>
        rows.Add<ActivityExecutionRecord>(
            UpdateExecutionRecord,
            (nameof(ActivityExecutionRecord.Status), record.Status),
            (nameof(ActivityExecutionRecord.CompletedAt), record.CompletedAt),
            (nameof(ActivityExecutionRecord.Outcomes), record.Outcomes),
            (nameof(ActivityExecutionRecord.OutputsJson), record.OutputsJson),
            (nameof(ActivityExecutionRecord.Error), record.Error),
            (nameof(ActivityExecutionRecord.Attempt), record.Attempt),
            (nameof(ActivityExecutionRecord.Id), record.Id));

    /// <summary>
    /// The version this new instance runs is the one this node last found published, not read for this start: the first
    /// commit inserts the instance only while that version is still the published one, and an activity with side effects
    /// outside the instance's commits waits for <see cref="VerifyPublishedAsync"/> first. Either way, a start on a version published no longer ends in
    /// <see cref="PublishedVersionChangedException"/> with nothing written and nothing done outside the instance.
    /// </summary>
    public void CheckPublishedWithFirstCommit(PublishedVersion version) => _publishedCheck = version;

    /// <summary>Before an activity with side effects runs: the check of <see cref="CheckPublishedWithFirstCommit"/> by a read.</summary>
    private async Task VerifyPublishedAsync(PublishedVersion check, CancellationToken cancellationToken)
    {
        var still = await ReadAsync((db, ct) => RuntimeQueries.IsPublishedAsync(db, check.VersionId, ct), cancellationToken);
        if (!still)
        {
            throw new PublishedVersionChangedException(check);
        }

        _publishedCheck = null;
    }

    /// <summary>
    /// The next commit takes the owner lease with the instance row (a resume's claim): it writes only while the instance
    /// is unowned, this node's, or its owner's lease has run out, else it fails as a change by another runner.
    /// </summary>
    public void ClaimLeaseWithNextCommit(string nodeId, DateTimeOffset now, DateTimeOffset until) => _leaseClaim = new LeaseClaim(nodeId, now, until);

    private sealed record LeaseClaim(string NodeId, DateTimeOffset Now, DateTimeOffset Until);

    /// <summary>
    /// Makes <paramref name="claim"/> (a resume's claim of its bookmark) part of the run's first commit instead of a commit
    /// of its own. That commit comes at the latest right before an activity with side effects runs, so until then the
    /// run has only changed memory and is dropped if the claim fails.
    /// </summary>
    public void ClaimWithFirstCommit(Func<DbContext, CancellationToken, Task> claim) => _pendingClaim = claim;

    /// <summary>False while a claim handed to <see cref="ClaimWithFirstCommit"/> has not been committed.</summary>
    public bool ClaimCommitted => _pendingClaim is null;

    public void AddToNextCommit(Func<DbContext, CancellationToken, Task> work) => _nextCommitWork.Add(work);

    /// <summary>An activity's read on the run's open connection (see <see cref="ActivityContext.ReadAsync{TDbContext, T}"/>).</summary>
    public async Task<T> ReadAsync<T>(Func<DbContext, CancellationToken, Task<T>> read, CancellationToken cancellationToken)
    {
        var db = await _connection.GetAsync(cancellationToken);
        T result;
        try
        {
            result = await read(db, cancellationToken);
        }
        catch
        {
            await _connection.DiscardAsync();
            throw;
        }

        db.ChangeTracker.Clear();
        return result;
    }

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
