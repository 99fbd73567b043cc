using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ProfileEngine.Workflows.Hosting;
using ProfileEngine.Workflows.Activities;
using ProfileEngine.Workflows.Definitions;
using ProfileEngine.Workflows.Expressions;
using ProfileEngine.Workflows.Loading;
using ProfileEngine.Workflows.Persistence;

namespace ProfileEngine.Workflows.Runtime;

/// <summary>
/// The durable runtime: every run loads the instance from its last commit, works through it in memory and commits
/// after every activity, so any process can continue any instance.
/// </summary>
public sealed partial class WorkflowRuntime(
    IWorkflowDbContextSource contexts,
    WorkflowDefinitionStore definitions,
    ActivityRegistry registry,
    ExpressionEvaluator expressions,
    IServiceScopeFactory scopes,
    TimeProvider clock,
    IOptions<WorkflowRuntimeOptions> options,
    ILogger<WorkflowRuntime> logger) : IWorkflowRuntime, IAsyncDisposable
{
    private const int MaxListTake = 1000;

    // Enough for the runs a node has going at once between their activities; more come and go through EF's pool.
    private const int OpenContextsKept = 8;

    private readonly ConcurrentDictionary<string, WorkflowGraph> _graphs = new(StringComparer.Ordinal);

    // The version of each definition this node found published when it last read it; starts check it as they commit.
    private readonly ConcurrentDictionary<string, PublishedVersion> _published = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _running = new(StringComparer.Ordinal);
    private readonly InstanceLocks _locks = new();
    private readonly InstanceLeases _leases = new(contexts, clock, options.Value.NodeId, options.Value.LeaseDuration, logger);
    private readonly WorkflowDispatcher _dispatcher = new(options.Value.MaxBackgroundRuns, logger);
    private readonly OpenContexts _openContexts = new(contexts, clock, OpenContextsKept, TimeSpan.FromSeconds(30));

    /// <summary>This process's name in instance leases.</summary>
    public string NodeId => _leases.NodeId;

    public async Task<WorkflowRunResult> StartAsync(string definitionId, JsonObject? input = null, string? correlationId = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(definitionId);
        var (useKnownVersion, startedAgain) = (true, false);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await StartAsync(definitionId, input, correlationId, useKnownVersion, startedAgain, cancellationToken);
            }
            catch (PublishedVersionChangedException e) when (attempt < 3)
            {
                // Another version was published (or this one withdrawn) since this node last started the definition;
                // that attempt wrote nothing and did nothing outside the instance. Start on what is published now.
                _published.TryRemove(new KeyValuePair<string, PublishedVersion>(definitionId, e.Version));
                useKnownVersion = false;
            }
            catch (StartAgainException e) when (attempt < 3 && !startedAgain)
            {
                // Commit work refused what an activity assumed without reading; nothing was written. Once more, reading.
                logger.LogDebug("Starting {DefinitionId} again: {Reason}", definitionId, e.Message);
                startedAgain = true;
            }
        }
    }

    /// <summary>
    /// Starts on the version published now: read, or (<paramref name="useKnownVersion"/>) the one this node found
    /// published last time, checked by the instance's first commit instead of a read of its own (see
    /// <see cref="WorkflowExecution.CheckPublishedWithFirstCommit"/>).
    /// </summary>
    private async Task<WorkflowRunResult> StartAsync(
        string definitionId, JsonObject? input, string? correlationId, bool useKnownVersion, bool startedAgain, CancellationToken cancellationToken)
    {
        var connection = new RuntimeConnection(_openContexts);
        var known = useKnownVersion ? _published.GetValueOrDefault(definitionId) : null;
        PublishedVersion version;
        WorkflowGraph graph;
        try
        {
            if (known is null)
            {
                var db = await connection.GetAsync(cancellationToken);
                version = await RuntimeQueries.PublishedAsync(db, definitionId, cancellationToken)
                    ?? throw new WorkflowNotFoundException($"There is no published version of the workflow definition '{definitionId}'.");
                _published[definitionId] = version;
            }
            else
            {
                version = known;
            }

            graph = await GraphAsync(version.VersionId, cancellationToken);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }

        var now = clock.GetUtcNow();
        var instance = new WorkflowInstanceRecord
        {
            Id = TimeOrderedIds.New(now), // time-ordered, as the ids of its rows (see WorkflowExecution.NewId)
            DefinitionId = version.DefinitionId,
            DefinitionVersionId = version.VersionId,
            Version = version.Version,
            Status = WorkflowStatus.Running,
            CorrelationId = correlationId,
            InputJson = input?.ToJsonString(),
            StateJson = "{}",
            CreatedAt = now,
            UpdatedAt = now,
        };
        var execution = NewExecution(instance, new InstanceState(), graph, input, isNew: true, connection);
        execution.IsStartedAgain = startedAgain;
        if (known is not null)
        {
            execution.CheckPublishedWithFirstCommit(known);
        }

        execution.ScheduleRoot();
        IDisposable gate;
        try
        {
            gate = await _locks.AcquireAsync(instance.Id, cancellationToken);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }

        var claim = new RunClaim(gate, execution.Lease = _leases.HoldNew(instance));
        if (WorkflowDispatch.IsBackground)
        {
            try
            {
                // The intent commits first (Running, root queued, owned by this node), so a node that dies before its
                // dispatcher gets to it leaves an instance that recovery continues.
                await execution.CommitAsync(null, cancellationToken);
            }
            catch
            {
                await execution.ReleaseConnectionAsync();
                await claim.DisposeAsync();
                throw;
            }
        }

        return await RunOrDispatchAsync(execution, claim, cancellationToken);
    }

    public async Task<ResumeResult> ResumeAsync(string bookmarkId, JsonNode? payload = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(bookmarkId);
        var bookmark = await FindBookmarkAsync(bookmarkId, cancellationToken);
        if (bookmark is null)
        {
            return NotFound(bookmarkId);
        }

        return bookmark.ResumedAt is not null ? AlreadyResumed(bookmarkId) : await ResumeAsync(bookmark, payload, null, null, cancellationToken);
    }

    /// <summary>
    /// Resumes a bookmark read a moment ago; whether it is still waiting is decided by the claim. <paramref name="connection"/>
    /// (the one the bookmark was read on, if still open) is the run's to use and let go of.
    /// </summary>
    private async Task<ResumeResult> ResumeAsync(
        WorkflowBookmarkRecord bookmark, JsonNode? payload, ResumeCondition? condition, RuntimeConnection? connection, CancellationToken cancellationToken)
    {
        IDisposable gate;
        try
        {
            gate = await _locks.AcquireAsync(bookmark.InstanceId, cancellationToken);
        }
        catch
        {
            if (connection is not null)
            {
                await connection.DisposeAsync();
            }

            throw;
        }

        try
        {
            return await ClaimAndResumeAsync(bookmark, payload, condition, gate, connection, cancellationToken);
        }
        catch
        {
            gate.Dispose();
            throw;
        }
    }

    /// <summary>Claims the bookmark under <paramref name="gate"/>; the gate passes to the run, or is released when nothing runs.</summary>
    private async Task<ResumeResult> ClaimAndResumeAsync(
        WorkflowBookmarkRecord bookmark, JsonNode? payload, ResumeCondition? condition, IDisposable gate, RuntimeConnection? connection, CancellationToken cancellationToken)
    {
        var bookmarkId = bookmark.Id;
        for (var attempt = 1; ; attempt++)
        {
            var execution = await LoadAsync(bookmark.InstanceId, connection, cancellationToken);
            connection = null;
            if (execution.Instance.Status is not (WorkflowStatus.Suspended or WorkflowStatus.Running) || !execution.IsWaitingOn(bookmark))
            {
                // Someone else resumed it (its frame moved on), or the instance ended.
                await execution.ReleaseConnectionAsync();
                var now = await FindBookmarkAsync(bookmarkId, cancellationToken);
                gate.Dispose();
                return now?.ResumedAt is not null
                    ? AlreadyResumed(bookmarkId)
                    : new ResumeResult(bookmarkId, ResumeOutcome.NotFound, execution.Result, $"Workflow instance {execution.Instance.Id} is {execution.Instance.Status}; bookmark {bookmarkId} no longer waits.");
            }

            try
            {
                execution.QueueResume(bookmark, payload);
            }
            catch
            {
                await execution.ReleaseConnectionAsync();
                throw;
            }

            var claim = Claim(bookmark, condition);
            _leases.ClaimWithNextCommit(execution);
            if (WorkflowDispatch.IsBackground)
            {
                // The claim and the queued continuation commit together before the request returns: after this, exactly
                // this caller owns the resume, and a crash from here on is finished by recovery.
                try
                {
                    await execution.CommitAsync(claim, cancellationToken);
                }
                catch (Exception e) when (ClaimFailed(e, attempt) is { } failed)
                {
                    // A failed commit has let go of the connection already.
                    if (failed.Result is null)
                    {
                        continue;
                    }

                    gate.Dispose();
                    return failed.Result;
                }

                var dispatched = await RunOrDispatchAsync(execution, new RunClaim(gate, execution.Lease = _leases.Start(bookmark.InstanceId)), cancellationToken);
                return Resumed(bookmarkId, dispatched);
            }

            // On the caller, the claim rides in the run's first commit (with the resumed activity's result when it only
            // changes the instance, as an Event or a Delay does): one transaction instead of two, and until it commits
            // nothing has happened outside memory, so a failed claim drops the run and a crash burns no bookmark.
            execution.ClaimWithFirstCommit(claim);
            var run = new RunClaim(gate, execution.Lease = _leases.Start(bookmark.InstanceId));
            var keepGate = false;
            try
            {
                return Resumed(bookmarkId, await RunAsync(execution, cancellationToken));
            }
            catch (Exception e) when (!execution.ClaimCommitted && ClaimFailed(e, attempt) is { } failed)
            {
                if (failed.Result is not null)
                {
                    return failed.Result;
                }

                keepGate = true;
            }
            finally
            {
                if (!execution.ClaimCommitted)
                {
                    run.LeaseNeverTaken();
                }

                await run.DisposeAsync(releaseGate: !keepGate);
            }
        }
    }

    /// <summary>
    /// The claim of a resume, run first in its commit: marks the bookmark resumed (only if nobody did), then checks the
    /// caller's condition; any failure rolls the whole commit back. The instance's lease is taken by the same commit's
    /// instance update (see <see cref="InstanceLeases.ClaimWithNextCommit"/>).
    /// </summary>
    private Func<DbContext, CancellationToken, Task> Claim(WorkflowBookmarkRecord bookmark, ResumeCondition? condition) => async (db, ct) =>
    {
        var rows = new RowStatements(db);
        var claimed = rows.Add<WorkflowBookmarkRecord>(
            "UPDATE {table} SET [ResumedAt] = {0} WHERE [Id] = {1} AND [ResumedAt] IS NULL",
            (nameof(WorkflowBookmarkRecord.ResumedAt), clock.GetUtcNow()),
            (nameof(WorkflowBookmarkRecord.Id), bookmark.Id));
        var affected = await rows.ExecuteAsync(ct);
        if (affected[claimed] == 0)
        {
            // Resumed by someone else already (when another node holds the lease, it is the node that claimed it).
            throw new BookmarkAlreadyResumedException(bookmark.Id);
        }

        if (condition is not null && !await condition(db, ct))
        {
            throw new ResumeRefusedException(bookmark.Id);
        }
    };

    /// <summary>
    /// What a failed claim means for the caller: a result (already resumed, refused), or null to read the instance
    /// again and retry (another process moved it on); not a claim failure (or out of retries) when the method returns null.
    /// </summary>
    private static ClaimFailure? ClaimFailed(Exception e, int attempt) => e switch
    {
        BookmarkAlreadyResumedException already => new ClaimFailure(AlreadyResumed(already.BookmarkId)),
        ResumeRefusedException refused => new ClaimFailure(new ResumeResult(
            refused.BookmarkId, ResumeOutcome.Refused, null, $"Bookmark {refused.BookmarkId} was not resumed: the caller's condition no longer held; nothing was changed.")),
        WorkflowStateException when attempt < 3 => new ClaimFailure(null),
        _ => null,
    };

    private sealed record ClaimFailure(ResumeResult? Result);

    private static ResumeResult Resumed(string bookmarkId, WorkflowRunResult run) =>
        new(bookmarkId, ResumeOutcome.Resumed, run, $"Bookmark {bookmarkId} resumed; the instance is {run.Status}.");

    public Task<IReadOnlyList<ResumeResult>> PublishEventAsync(string eventName, string? correlationId, JsonNode? payload = null, CancellationToken cancellationToken = default) =>
        PublishEventAsync(eventName, correlationId, payload, null, cancellationToken);

    public async Task<IReadOnlyList<ResumeResult>> PublishEventAsync(
        string eventName, string? correlationId, JsonNode? payload, ResumeCondition? condition, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(eventName);
        // The connection that found the bookmarks goes on to load and commit the first resume (see RuntimeConnection).
        RuntimeConnection? connection = new(_openContexts);
        try
        {
            var db = await connection.GetAsync(cancellationToken);
            var waiting = await RuntimeQueries.WaitingForEventAsync(db, eventName, correlationId, cancellationToken);
            var results = new List<ResumeResult>(waiting.Count);
            foreach (var bookmark in waiting)
            {
                var handedOver = connection;
                connection = null;
                results.Add(await ResumeAsync(bookmark, payload, condition, handedOver, cancellationToken));
            }

            return results;
        }
        finally
        {
            if (connection is not null)
            {
                await connection.DisposeAsync();
            }
        }
    }

    public async Task<int> ResumeDueAsync(DateTimeOffset dueBy, CancellationToken cancellationToken = default)
    {
        List<string> ids;
        await using (var db = await contexts.CreateAsync(cancellationToken))
        {
            ids = await db.Set<WorkflowBookmarkRecord>().AsNoTracking()
                .Where(b => b.DueAt != null && b.DueAt <= dueBy && b.ResumedAt == null)
                .OrderBy(b => b.DueAt)
                .Select(b => b.Id)
                .ToListAsync(cancellationToken);
        }

        var resumed = 0;
        foreach (var id in ids)
        {
            try
            {
                if ((await ResumeAsync(id, null, cancellationToken)).Outcome == ResumeOutcome.Resumed)
                {
                    resumed++;
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One broken instance must not keep every other due timer waiting.
                logger.LogError(e, "Resuming due bookmark {BookmarkId} failed", id);
            }
        }

        return resumed;
    }

    public async Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateAsync(cancellationToken);
        return await db.Set<WorkflowBookmarkRecord>().AsNoTracking()
            .Where(b => b.DueAt != null && b.ResumedAt == null)
            .OrderBy(b => b.DueAt)
            .Select(b => b.DueAt)
            .FirstOrDefaultAsync(cancellationToken);
    }

    public async Task<WorkflowRunResult> CancelAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId);
        if (_running.TryGetValue(instanceId, out var running))
        {
            await running.CancelAsync();
        }

        using var gate = await _locks.AcquireAsync(instanceId, cancellationToken);
        var execution = await LoadAsync(instanceId, cancellationToken);
        try
        {
            if (execution.Instance.Status is WorkflowStatus.Finished or WorkflowStatus.Cancelled)
            {
                throw new WorkflowStateException($"Workflow instance {instanceId} is already {execution.Instance.Status} and cannot be cancelled.");
            }

            execution.CancelAll();
            await execution.CommitAsync(null, cancellationToken);
        }
        finally
        {
            await execution.ReleaseConnectionAsync();
        }

        logger.LogInformation("Workflow instance {InstanceId} cancelled", instanceId);
        await NotifyParentAsync(execution, cancellationToken);
        return execution.Result;
    }

    public async Task<WorkflowRunResult> RetryAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId);
        IDisposable? gate = await _locks.AcquireAsync(instanceId, cancellationToken);
        InstanceLeases.Hold? lease = null;
        try
        {
            lease = await _leases.TryHoldAsync(instanceId, cancellationToken)
                ?? throw new WorkflowStateException($"Workflow instance {instanceId} is being run by another node and cannot be retried now.");
            var execution = await LoadAsync(instanceId, cancellationToken);
            try
            {
                if (execution.Instance.Status != WorkflowStatus.Faulted)
                {
                    throw new WorkflowStateException($"Workflow instance {instanceId} is {execution.Instance.Status}; only a Faulted instance can be retried.");
                }

                execution.PrepareRetry();
                execution.Lease = lease;
                await execution.CommitAsync(null, cancellationToken);
            }
            catch
            {
                await execution.ReleaseConnectionAsync();
                throw;
            }

            logger.LogInformation("Workflow instance {InstanceId} retried by an operator", instanceId);
            var claim = new RunClaim(gate!, lease);
            (gate, lease) = (null, null);
            return await RunOrDispatchAsync(execution, claim, cancellationToken);
        }
        finally
        {
            if (lease is not null)
            {
                await lease.DisposeAsync();
            }

            gate?.Dispose();
        }
    }

    /// <summary>Closes the connections kept open between runs.</summary>
    public ValueTask DisposeAsync() => _openContexts.DisposeAsync();

    /// <summary>Completes when this node's dispatcher has nothing queued or running.</summary>
    public Task WaitForBackgroundRunsAsync(CancellationToken cancellationToken = default) => _dispatcher.WhenIdleAsync(cancellationToken);

    /// <summary>What this node's dispatcher is doing (for /health).</summary>
    public WorkflowDispatcherState BackgroundRuns => _dispatcher.State;

    /// <summary>The host is stopping: queued background runs are dropped and running ones stop at their next step; both stay Running for recovery.</summary>
    public Task StopBackgroundRunsAsync() => _dispatcher.StopAsync();

    public async Task<int> RecoverAsync(CancellationToken cancellationToken = default)
    {
        List<string> ids;
        var now = clock.GetUtcNow();
        await using (var db = await contexts.CreateAsync(cancellationToken))
        {
            // Only instances no live node holds: unowned (a graceful stop released them, or a request queued them) or
            // with a lease its owner stopped renewing.
            ids = await db.Set<WorkflowInstanceRecord>().AsNoTracking()
                .Where(i => i.Status == WorkflowStatus.Running && (i.OwnerNodeId == null || i.LeaseExpiresAt == null || i.LeaseExpiresAt < now))
                .OrderBy(i => i.UpdatedAt)
                .Select(i => i.Id)
                .ToListAsync(cancellationToken);
        }

        var recovered = 0;
        foreach (var id in ids.Where(id => !_running.ContainsKey(id)))
        {
            try
            {
                using var gate = await _locks.AcquireAsync(id, cancellationToken);
                await using var lease = await _leases.TryHoldAsync(id, cancellationToken);
                if (lease is null)
                {
                    continue;
                }

                var execution = await LoadAsync(id, cancellationToken);
                if (execution.Instance.Status != WorkflowStatus.Running)
                {
                    await execution.ReleaseConnectionAsync();
                    continue;
                }

                execution.RequeueInterrupted();
                execution.Lease = lease;
                var result = await RunAsync(execution, cancellationToken);
                recovered++;
                logger.LogInformation("Workflow instance {InstanceId} recovered; now {Status}", id, result.Status);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Recovering workflow instance {InstanceId} failed", id);
            }
        }

        return recovered + await ResumeEndedSubflowWaitsAsync(cancellationToken);
    }

    public async Task<WorkflowInstanceDetails?> GetAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId);
        await using var db = await contexts.CreateAsync(cancellationToken);
        var instance = await db.Set<WorkflowInstanceRecord>().AsNoTracking().FirstOrDefaultAsync(i => i.Id == instanceId, cancellationToken);
        if (instance is null)
        {
            return null;
        }

        var bookmarks = await db.Set<WorkflowBookmarkRecord>().AsNoTracking()
            .Where(b => b.InstanceId == instanceId && b.ResumedAt == null).ToListAsync(cancellationToken);
        var executions = await db.Set<ActivityExecutionRecord>().AsNoTracking()
            .Where(e => e.InstanceId == instanceId).OrderBy(e => e.Sequence).ToListAsync(cancellationToken);
        var incidents = await db.Set<WorkflowIncidentRecord>().AsNoTracking()
            .Where(e => e.InstanceId == instanceId).OrderBy(e => e.Timestamp).ToListAsync(cancellationToken);
        var log = await db.Set<WorkflowLogRecord>().AsNoTracking()
            .Where(e => e.InstanceId == instanceId).OrderBy(e => e.Sequence).ToListAsync(cancellationToken);
        return new WorkflowInstanceDetails(
            Summary(instance),
            WorkflowExecution.ReadVariables(instance.VariablesJson),
            [.. bookmarks.OrderBy(b => b.CreatedAt).Select(b => new WorkflowBookmarkView(b.Id, b.ActivityId, b.Kind, b.EventName, b.CorrelationId, b.DueAt))],
            executions,
            incidents,
            log);
    }

    public async Task<IReadOnlyList<WorkflowInstanceSummary>> ListAsync(WorkflowInstanceFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await using var db = await contexts.CreateAsync(cancellationToken);
        var query = db.Set<WorkflowInstanceRecord>().AsNoTracking();
        if (filter.DefinitionId is { } definitionId)
        {
            query = query.Where(i => i.DefinitionId == definitionId);
        }

        if (filter.Status is { } status)
        {
            query = query.Where(i => i.Status == status);
        }

        if (filter.CorrelationId is { } correlationId)
        {
            query = query.Where(i => i.CorrelationId == correlationId);
        }

        var rows = await query.OrderByDescending(i => i.CreatedAt).ThenBy(i => i.Id)
            .Skip(Math.Max(0, filter.Skip)).Take(Math.Clamp(filter.Take, 1, MaxListTake))
            .ToListAsync(cancellationToken);
        return [.. rows.Select(Summary)];
    }

    private static WorkflowInstanceSummary Summary(WorkflowInstanceRecord i) =>
        new(i.Id, i.DefinitionId, i.Version, i.Status, i.CorrelationId, i.CreatedAt, i.UpdatedAt, i.FinishedAt, i.FaultMessage, i.IncidentCount);

    private static ResumeResult NotFound(string bookmarkId) =>
        new(bookmarkId, ResumeOutcome.NotFound, null, $"There is no bookmark {bookmarkId}; its instance may have finished or been cancelled.");

    private static ResumeResult AlreadyResumed(string bookmarkId) =>
        new(bookmarkId, ResumeOutcome.AlreadyResumed, null, $"Bookmark {bookmarkId} was already resumed by another caller; nothing was run twice.");

    /// <summary>
    /// Runs a claimed instance here, or (inside <see cref="WorkflowDispatch.InBackground"/>) hands it with its claim to
    /// the dispatcher and returns it as it stands (Running). The caller has committed everything the run starts from.
    /// </summary>
    private async Task<WorkflowRunResult> RunOrDispatchAsync(WorkflowExecution execution, RunClaim claim, CancellationToken cancellationToken)
    {
        if (WorkflowDispatch.IsBackground)
        {
            await execution.ReleaseConnectionAsync();
            _dispatcher.Enqueue(execution.Instance.Id, claim, stopping => RunAsync(execution, stopping));
            return execution.Result;
        }

        await using (claim)
        {
            return await RunAsync(execution, cancellationToken);
        }
    }

    private async Task<WorkflowRunResult> RunAsync(WorkflowExecution execution, CancellationToken cancellationToken)
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _running[execution.Instance.Id] = cancel;
        try
        {
            await execution.RunAsync(cancel.Token);
            await NotifyParentAsync(execution, cancellationToken);
            return execution.Result;
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // An operator cancelled it; CancelAsync commits the Cancelled state once this run lets go of the instance.
            return new WorkflowRunResult(execution.Instance.Id, WorkflowStatus.Cancelled, null);
        }
        finally
        {
            _running.TryRemove(new KeyValuePair<string, CancellationTokenSource>(execution.Instance.Id, cancel));
        }
    }

    private async Task<WorkflowBookmarkRecord?> FindBookmarkAsync(string bookmarkId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateAsync(cancellationToken);
        return await RuntimeQueries.BookmarkAsync(db, bookmarkId, cancellationToken);
    }

    private Task<WorkflowExecution> LoadAsync(string instanceId, CancellationToken cancellationToken) => LoadAsync(instanceId, null, cancellationToken);

    /// <summary>
    /// Reads the instance on <paramref name="connection"/> (or a new one), which stays open for the run's first commit
    /// (see <see cref="RuntimeConnection"/>): the execution owns it from here, and it is let go of if the read fails.
    /// </summary>
    private async Task<WorkflowExecution> LoadAsync(string instanceId, RuntimeConnection? connection, CancellationToken cancellationToken)
    {
        connection ??= new RuntimeConnection(_openContexts);
        try
        {
            var db = await connection.GetAsync(cancellationToken);
            var instance = await RuntimeQueries.InstanceAsync(db, instanceId, cancellationToken)
                ?? throw new WorkflowNotFoundException($"There is no workflow instance {instanceId}.");
            var graph = await GraphAsync(instance.DefinitionVersionId, cancellationToken);
            var input = instance.InputJson is null ? null : JsonNode.Parse(instance.InputJson)?.AsObject();
            return NewExecution(instance, InstanceState.Deserialize(instance.StateJson), graph, input, isNew: false, connection);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private WorkflowExecution NewExecution(
        WorkflowInstanceRecord instance, InstanceState state, WorkflowGraph graph, JsonObject? input, bool isNew, RuntimeConnection connection) =>
        new(instance, state, graph, input, isNew, connection, expressions, scopes, clock);

    /// <summary>The executable graph of a definition version; versions never change, so it is read once.</summary>
    private async Task<WorkflowGraph> GraphAsync(string versionId, CancellationToken cancellationToken)
    {
        if (_graphs.TryGetValue(versionId, out var cached))
        {
            return cached;
        }

        var record = await definitions.GetVersionRecordAsync(versionId, cancellationToken)
            ?? throw new WorkflowNotFoundException($"The workflow definition version {versionId} is missing from the database.");
        var read = DefinitionReader.Read(record.Json, $"{record.DefinitionId} v{record.Version}");
        var definition = read.Definition
            ?? throw new WorkflowStateException($"The stored definition {record.DefinitionId} v{record.Version} cannot be read: {string.Join("; ", read.Problems)}");
        var graph = new WorkflowGraph(definition, registry);
        return _graphs.GetOrAdd(versionId, graph);
    }

    /// <summary>The right to run one instance in this process: its in-process gate and its owner lease, given up together.</summary>
    private sealed class RunClaim(IDisposable gate, InstanceLeases.Hold lease) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => DisposeAsync(releaseGate: true);

        /// <summary>The claim's commit rolled back, so the lease it would have taken was never this node's.</summary>
        public void LeaseNeverTaken() => lease.NeverTaken();

        /// <summary>Gives up the lease, and the gate unless the caller goes on holding it (to try again).</summary>
        public async ValueTask DisposeAsync(bool releaseGate)
        {
            try
            {
                await lease.DisposeAsync();
            }
            finally
            {
                if (releaseGate)
                {
                    gate.Dispose();
                }
            }
        }
    }
}
