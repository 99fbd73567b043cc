using System.Collections.Concurrent;
using System.Data.Common;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using ProfileEngine.Workflows.Persistence;
using ProfileEngine.Workflows.Runtime;

namespace ProfileEngine.Tests.Workflows;

/// <summary>
/// The runtime keeps a few connections open between runs (opening one through EF costs more than a small commit), so
/// these tests count the opens and closes EF reports: reuse, a failed commit's connection closed, idle ones closed.
/// </summary>
public sealed class RunConnectionTests
{
    [Fact]
    public async Task Runs_one_after_another_reuse_one_open_connection_and_disposing_the_runtime_closes_it()
    {
        var connections = new ConnectionCounter();
        var harness = await WorkflowHarness.StartAsync(connections.Register);
        await harness.ImportAsync(WaitForApproval);
        Assert.Equal(WorkflowStatus.Suspended, (await harness.Runtime.StartAsync("wait-for-approval", correlationId: "first")).Status);
        connections.Reset();

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(WorkflowStatus.Suspended, (await harness.Runtime.StartAsync("wait-for-approval", correlationId: $"c{i}")).Status);
            Assert.Equal(ResumeOutcome.Resumed, Assert.Single(await harness.Runtime.PublishEventAsync("Approved", $"c{i}", new JsonObject())).Outcome);
        }

        var (opened, closed) = (connections.Opened, connections.Closed);
        await harness.DisposeAsync();

        Assert.Equal(0, opened);
        Assert.Equal(0, closed);
        Assert.Equal(1, connections.Closed);
    }

    [Fact]
    public async Task A_failed_commit_closes_its_connection_and_the_next_run_opens_a_fresh_one()
    {
        var connections = new ConnectionCounter();
        await using var harness = await WorkflowHarness.StartAsync(connections.Register);
        await harness.ImportAsync(WaitForApproval);
        Assert.Equal(WorkflowStatus.Suspended, (await harness.Runtime.StartAsync("wait-for-approval", correlationId: "c1")).Status);
        await harness.QueryAsync(db => db.Set<WorkflowInstanceRecord>()
            .ExecuteUpdateAsync(u => u.SetProperty(i => i.OwnerNodeId, "another-node").SetProperty(i => i.LeaseExpiresAt, WorkflowHarness.Epoch.AddHours(1))));
        connections.Reset();

        await Assert.ThrowsAsync<WorkflowStateException>(() => harness.Runtime.PublishEventAsync("Approved", "c1", new JsonObject()));
        var afterFailure = (connections.Opened, connections.Closed);
        Assert.Equal(WorkflowStatus.Suspended, (await harness.Runtime.StartAsync("wait-for-approval", correlationId: "c2")).Status);

        // Three attempts, each closing the connection its refused commit ran on (the second and third open anew); the
        // lease none of them took is not given up in a transaction of its own.
        Assert.Equal((2, 3), afterFailure);
        Assert.Equal(afterFailure.Opened + 1, connections.Opened);
        Assert.Equal(afterFailure.Closed, connections.Closed);
    }

    [Fact]
    public async Task A_connection_idle_for_longer_than_half_a_minute_is_closed_instead_of_reused()
    {
        var connections = new ConnectionCounter();
        await using var harness = await WorkflowHarness.StartAsync(connections.Register);
        await harness.ImportAsync(WaitForApproval);
        Assert.Equal(WorkflowStatus.Suspended, (await harness.Runtime.StartAsync("wait-for-approval", correlationId: "c1")).Status);
        connections.Reset();

        harness.Clock.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(WorkflowStatus.Suspended, (await harness.Runtime.StartAsync("wait-for-approval", correlationId: "c2")).Status);
        var withinLimit = (connections.Opened, connections.Closed);
        harness.Clock.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(WorkflowStatus.Suspended, (await harness.Runtime.StartAsync("wait-for-approval", correlationId: "c3")).Status);

        Assert.Equal((0, 0), withinLimit);
        Assert.Equal(1, connections.Opened);
        Assert.Equal(1, connections.Closed);
    }

    [Fact]
    public async Task An_activity_reads_committed_rows_on_the_runs_own_connection_and_a_failed_read_faults_it_and_closes_that_connection()
    {
        var connections = new ConnectionCounter();
        await using var harness = await WorkflowHarness.StartAsync(connections.Register);
        await harness.ImportAsync(WaitForApproval);
        await harness.ImportAsync(CountWaiting);
        Assert.Equal(WorkflowStatus.Suspended, (await harness.Runtime.StartAsync("wait-for-approval", correlationId: "c1")).Status);
        Assert.Equal(WorkflowStatus.Suspended, (await harness.Runtime.StartAsync("wait-for-approval", correlationId: "c2")).Status);
        RunAssert.Finished(await harness.Runtime.StartAsync("count-waiting", new JsonObject { ["fail"] = false }));
        connections.Reset();

        var counted = await harness.Runtime.StartAsync("count-waiting", new JsonObject { ["fail"] = false });
        var afterRead = (connections.Opened, connections.Closed);
        var failed = await harness.Runtime.StartAsync("count-waiting", new JsonObject { ["fail"] = true });
        var afterFailedRead = (connections.Opened, connections.Closed);

        RunAssert.Finished(counted);
        Assert.Equal(["waiting: 2"], await harness.LogAsync(counted.InstanceId));
        Assert.Equal((0, 0), afterRead);
        Assert.Equal(WorkflowStatus.Faulted, failed.Status);
        Assert.Contains("the read failed", failed.FaultMessage, StringComparison.Ordinal);
        Assert.Equal((1, 1), afterFailedRead); // the failed read's connection closed; the fault committed on a fresh one
    }

    [Fact]
    public async Task The_statements_of_a_start_and_a_resume_are_compiled_once_per_kept_connection_and_again_only_on_a_new_one()
    {
        var compiled = new CompileCounter();
        await using var harness = await WorkflowHarness.StartAsync(compiled.Register);
        await harness.ImportAsync(WaitForApproval);
        foreach (var warmUp in new[] { "first", "second" }) // the first start reads the published version, later ones check it as they insert
        {
            Assert.Equal(WorkflowStatus.Suspended, (await harness.Runtime.StartAsync("wait-for-approval", correlationId: warmUp)).Status);
            Assert.Equal(ResumeOutcome.Resumed, Assert.Single(await harness.Runtime.PublishEventAsync("Approved", warmUp, new JsonObject())).Outcome);
        }

        compiled.Reset();

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(WorkflowStatus.Suspended, (await harness.Runtime.StartAsync("wait-for-approval", correlationId: $"c{i}")).Status);
            Assert.Equal(ResumeOutcome.Resumed, Assert.Single(await harness.Runtime.PublishEventAsync("Approved", $"c{i}", new JsonObject())).Outcome);
        }

        var whileKept = compiled.Inserts("WorkflowInstances");
        var readsWhileKept = compiled.Reads("WorkflowInstances");
        harness.Clock.Advance(TimeSpan.FromMinutes(1)); // the idle connection is closed; the next run opens and prepares anew
        Assert.Equal(WorkflowStatus.Suspended, (await harness.Runtime.StartAsync("wait-for-approval", correlationId: "after-idle")).Status);

        Assert.Equal(0, whileKept);
        Assert.Equal(0, readsWhileKept);
        Assert.Equal(1, compiled.Inserts("WorkflowInstances"));
    }

    [Fact]
    public async Task A_reused_statement_writes_each_runs_own_values_and_nulls_where_the_run_before_had_values()
    {
        await using var harness = await WorkflowHarness.StartAsync();
        await harness.ImportAsync(WaitForApproval);
        var first = await harness.Runtime.StartAsync("wait-for-approval", new JsonObject { ["reason"] = "audit" }, correlationId: "c1");
        harness.Clock.Advance(TimeSpan.FromSeconds(5));
        var second = await harness.Runtime.StartAsync("wait-for-approval");
        Assert.Equal(ResumeOutcome.Resumed, Assert.Single(await harness.Runtime.PublishEventAsync("Approved", "c1", new JsonObject { ["answer"] = "yes" })).Outcome);

        var rows = await harness.QueryAsync(db => db.Set<WorkflowInstanceRecord>().AsNoTracking().ToDictionaryAsync(i => i.Id));
        var bookmarks = await harness.QueryAsync(db => db.Set<WorkflowBookmarkRecord>().AsNoTracking().ToListAsync());
        Assert.Equal((WorkflowStatus.Finished, "c1", """{"reason":"audit"}"""), (rows[first.InstanceId].Status, rows[first.InstanceId].CorrelationId, rows[first.InstanceId].InputJson));
        Assert.Equal(WorkflowHarness.Epoch, rows[first.InstanceId].CreatedAt);
        Assert.NotNull(rows[first.InstanceId].FinishedAt);
        Assert.Equal((WorkflowStatus.Suspended, (string?)null, (string?)null), (rows[second.InstanceId].Status, rows[second.InstanceId].CorrelationId, rows[second.InstanceId].InputJson));
        Assert.Equal(WorkflowHarness.Epoch.AddSeconds(5), rows[second.InstanceId].CreatedAt);
        Assert.Null(rows[second.InstanceId].FinishedAt);
        var waiting = Assert.Single(bookmarks, b => b.ResumedAt is null);
        Assert.Equal((second.InstanceId, (string?)null, BookmarkKind.Event), (waiting.InstanceId, waiting.CorrelationId, waiting.Kind));
    }

    private const string CountWaiting = """
        {
          "definitionId": "count-waiting", "name": "Counts waiting instances", "isPublished": true,
          "inputs": [ { "name": "fail", "typeName": "Boolean" } ],
          "root": { "type": "Elsa.Flowchart", "id": "Flow", "activities": [
            { "id": "Start", "type": "Elsa.Start" },
            { "id": "Count", "type": "Test.CountWaiting", "fail": { "typeName": "Boolean", "expression": { "type": "JavaScript", "value": "getInput('fail')" } } } ],
            "connections": [ { "source": { "activity": "Start", "port": "Done" }, "target": { "activity": "Count", "port": "In" } } ] }
        }
        """;

    internal const string WaitForApproval = """
        {
          "definitionId": "wait-for-approval", "name": "Waits for approval", "isPublished": true,
          "variables": [ { "id": "decision", "name": "Decision", "typeName": "Object" } ],
          "root": { "type": "Elsa.Flowchart", "id": "Flow", "activities": [
            { "id": "Start", "type": "Elsa.Start" },
            { "id": "Wait", "type": "Elsa.Event", "eventName": { "typeName": "String", "expression": { "type": "Literal", "value": "Approved" } },
              "result": { "typeName": "Object", "memoryReference": { "id": "decision" } } } ],
            "connections": [ { "source": { "activity": "Start", "port": "Done" }, "target": { "activity": "Wait", "port": "In" } } ] }
        }
        """;

    /// <summary>
    /// Counts how often SQLite compiles a statement that inserts into or reads from a table: its authorizer is asked
    /// while a statement is prepared, never when a prepared one runs again.
    /// </summary>
    private sealed class CompileCounter : DbConnectionInterceptor
    {
        private const int SqliteInsert = 18;
        private const int SqliteRead = 20;
        private readonly ConcurrentDictionary<(int Action, string Table), int> _counts = new();
        private readonly ConcurrentDictionary<object, bool> _hooked = new(ReferenceEqualityComparer.Instance);

        public void Register(IServiceCollection services) => services.ConfigureDbContext<WorkflowDbContext>(o => o.AddInterceptors(this));

        public void Reset() => _counts.Clear();

        public int Inserts(string table) => _counts.GetValueOrDefault((SqliteInsert, table));

        public int Reads(string table) => _counts.GetValueOrDefault((SqliteRead, table));

        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Hook(connection);

        public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            Hook(connection);
            return Task.CompletedTask;
        }

        private void Hook(DbConnection connection)
        {
            var handle = ((SqliteConnection)connection).Handle!;
            if (_hooked.TryAdd(handle, true))
            {
                SQLitePCL.raw.sqlite3_set_authorizer(handle, Authorize, null);
            }
        }

        private int Authorize(object userData, int action, string table, string column, string database, string trigger)
        {
            // A read is reported per column; one statement's reads of a table count once through the first column read.
            if (action == SqliteInsert || (action == SqliteRead && column == "Id"))
            {
                _counts.AddOrUpdate((action, table), 1, (_, n) => n + 1);
            }

            return 0; // SQLITE_OK
        }
    }

    /// <summary>Counts the connection opens and closes EF reports for the runtime's context.</summary>
    private sealed class ConnectionCounter : DbConnectionInterceptor
    {
        private int _opened;
        private int _closed;

        public int Opened => Volatile.Read(ref _opened);

        public int Closed => Volatile.Read(ref _closed);

        public void Register(IServiceCollection services) => services.ConfigureDbContext<WorkflowDbContext>(o => o.AddInterceptors(this));

        public void Reset() => (_opened, _closed) = (0, 0);

        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Interlocked.Increment(ref _opened);

        public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _opened);
            return Task.CompletedTask;
        }

        public override void ConnectionClosed(DbConnection connection, ConnectionEndEventData eventData) => Interlocked.Increment(ref _closed);

        public override Task ConnectionClosedAsync(DbConnection connection, ConnectionEndEventData eventData)
        {
            Interlocked.Increment(ref _closed);
            return Task.CompletedTask;
        }
    }
}
