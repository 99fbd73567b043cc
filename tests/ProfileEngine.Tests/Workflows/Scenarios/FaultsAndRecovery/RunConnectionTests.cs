using System.Data.Common;
using System.Text.Json.Nodes;
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
