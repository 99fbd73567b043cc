using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ProfileEngine.Workflows.Definitions;
using ProfileEngine.Workflows.Hosting;
using ProfileEngine.Workflows.Loading;
using ProfileEngine.Workflows.Persistence;
using ProfileEngine.Workflows.Runtime;

namespace ProfileEngine.Benchmarks;

/// <summary>
/// Starts N instances of a flow that suspends on an Event, then resumes every one by publishing its event, on a
/// SQLite file. The floor is the same number of commits done by hand (insert instance and bookmark; claim, update,
/// delete), so the ratio shows what the runtime costs above the database itself. Floor and runtime take turns in slices
/// of <see cref="Slice"/> instances, so the load of a shared machine falls on both alike. Then the same on the engine's
/// own database: the bare flow against the removal candidate flow (see <see cref="CandidateFlowScenario"/>).
/// </summary>
public static class WorkflowScenario
{
    private const int Slice = 500;

    internal const string DefinitionId = "bench-wait-for-approval";

    internal const string Definition = """
        {
          "definitionId": "bench-wait-for-approval", "name": "Waits for approval", "isPublished": true,
          "variables": [ { "id": "decision", "name": "Decision", "typeName": "Object" } ],
          "root": { "type": "Elsa.Flowchart", "id": "Flow", "activities": [
            { "id": "Start", "type": "Elsa.Start" },
            { "id": "Wait", "type": "Elsa.Event", "eventName": { "typeName": "String", "expression": { "type": "Literal", "value": "Approved" } },
              "result": { "typeName": "Object", "memoryReference": { "id": "decision" } } } ],
            "connections": [ { "source": { "activity": "Start", "port": "Done" }, "target": { "activity": "Wait", "port": "In" } } ] }
        }
        """;

    public static async Task RunAsync(int instances, TextWriter output, CancellationToken ct)
    {
        var folder = Directory.CreateTempSubdirectory("pe-bench-wf-").FullName;
        try
        {
            var (floor, runtime, bytes, heap) = await RuntimeAndFloorAsync(Path.Combine(folder, "floor.db"), Path.Combine(folder, "runtime.db"), instances, ct);
            var candidates = await CandidateFlowScenario.RunAsync(instances, ct);
            static string Rate(double r) => r.ToString("N0", CultureInfo.InvariantCulture);
            await output.WriteLineAsync();
            await output.WriteLineAsync("| direction | instances | floor /s | runtime /s | runtime/floor |");
            await output.WriteLineAsync("|---|---:|---:|---:|---:|");
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"| start → suspended on Event | {instances:N0} | {Rate(floor.Start)} | {Rate(runtime.Start)} | {runtime.Start / floor.Start:P0} |"));
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"| publish event → finished | {instances:N0} | {Rate(floor.Resume)} | {Rate(runtime.Resume)} | {runtime.Resume / floor.Resume:P0} |"));
            await output.WriteLineAsync();
            await output.WriteLineAsync("| on the engine's database | instances | bare runtime /s | candidate flow /s | candidate/bare |");
            await output.WriteLineAsync("|---|---:|---:|---:|---:|");
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"| start → waiting for a reviewer (sam-removal-candidate) | {instances:N0} | {Rate(candidates.Bare)} | {Rate(candidates.Candidates)} | {candidates.Candidates / candidates.Bare:P0} |"));
            await output.WriteLineAsync();
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"runtime database {bytes / 1024d / 1024d:F1} MiB for {instances:N0} finished instances ({bytes / (double)instances:N0} bytes each, with execution records); peak managed heap above baseline {heap / 1024d / 1024d:F1} MiB; {Environment.ProcessorCount} cores"));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<((double Start, double Resume) Floor, (double Start, double Resume) Runtime, long DatabaseBytes, long PeakHeap)> RuntimeAndFloorAsync(
        string floorPath, string path, int instances, CancellationToken ct)
    {
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddPooledDbContextFactory<WorkflowDbContext>(o => o.UseSqlite(ConnectionString(path)).AddInterceptors(new Pragmas()));
        services.AddWorkflowRuntime<WorkflowDbContext>(o => o.LoadDefinitionsOnStartup = false);
        await using var provider = services.BuildServiceProvider();
        await CreateAsync(provider.GetRequiredService<IDbContextFactory<WorkflowDbContext>>(), ct);
        var read = DefinitionReader.Read(Definition, "bench.json");
        await provider.GetRequiredService<WorkflowDefinitionStore>().ImportAsync(read.Definition!, "bench.json", ct);
        var runtime = provider.GetRequiredService<IWorkflowRuntime>();
        await WarmUpAsync(runtime, ct);
        await using var floor = await Floor.OpenAsync(floorPath, ct);

        var sampler = HeapSampler.Start();
        var (floorTime, runtimeTime) = (TimeSpan.Zero, TimeSpan.Zero);
        for (var from = 0; from < instances; from += Slice)
        {
            var to = Math.Min(instances, from + Slice);
            floorTime += await floor.StartAsync(from, to, ct);
            var watch = Stopwatch.StartNew();
            for (var i = from; i < to; i++)
            {
                var run = await runtime.StartAsync(DefinitionId, correlationId: Correlation(i), cancellationToken: ct);
                if (run.Status != WorkflowStatus.Suspended)
                {
                    throw new InvalidOperationException($"Instance {i} is {run.Status}: {run.FaultMessage}");
                }
            }

            runtimeTime += watch.Elapsed;
            sampler.Sample();
        }

        var (floorStart, start) = (instances / floorTime.TotalSeconds, instances / runtimeTime.TotalSeconds);
        (floorTime, runtimeTime) = (TimeSpan.Zero, TimeSpan.Zero);
        var payload = new JsonObject { ["answer"] = "approve" };
        for (var from = 0; from < instances; from += Slice)
        {
            var to = Math.Min(instances, from + Slice);
            floorTime += await floor.ResumeAsync(from, to, ct);
            var watch = Stopwatch.StartNew();
            for (var i = from; i < to; i++)
            {
                var results = await runtime.PublishEventAsync("Approved", Correlation(i), payload, ct);
                if (results.Count != 1 || results[0].Run?.Status != WorkflowStatus.Finished)
                {
                    throw new InvalidOperationException($"Instance {i} did not finish: {(results.Count > 0 ? results[0].Message : "no waiting bookmark")}");
                }
            }

            runtimeTime += watch.Elapsed;
            sampler.Sample();
        }

        var (floorResume, resume) = (instances / floorTime.TotalSeconds, instances / runtimeTime.TotalSeconds);
        sampler.Sample();
        await using (var db = await provider.GetRequiredService<IDbContextFactory<WorkflowDbContext>>().CreateDbContextAsync(ct))
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE);", ct);
        }

        return ((floorStart, floorResume), (start, resume), new FileInfo(path).Length, sampler.PeakAboveBaseline);
    }

    /// <summary>A few hundred rounds first, so the figures are not the JIT's.</summary>
    private static async Task WarmUpAsync(IWorkflowRuntime runtime, CancellationToken ct)
    {
        for (var i = 0; i < 300; i++)
        {
            await runtime.StartAsync(DefinitionId, correlationId: "warm-up", cancellationToken: ct);
        }

        await runtime.PublishEventAsync("Approved", "warm-up", null, ct);
    }

    /// <summary>The floor alone, all starts then all resumes (the reclamation benchmark's flow floor).</summary>
    internal static async Task<(double Start, double Resume)> FloorAsync(string path, int instances, CancellationToken ct)
    {
        await using var floor = await Floor.OpenAsync(path, ct);
        var start = instances / (await floor.StartAsync(0, instances, ct)).TotalSeconds;
        return (start, instances / (await floor.ResumeAsync(0, instances, ct)).TotalSeconds);
    }

    /// <summary>The same commits with hand-written SQL on one open connection: one transaction per instance each way.</summary>
    internal sealed class Floor : IAsyncDisposable
    {
        private readonly ServiceProvider _provider;
        private readonly SqliteConnection _connection;
        private readonly string _state = new('s', 600);
        private readonly long _now = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds();

        private Floor(ServiceProvider provider, SqliteConnection connection)
        {
            _provider = provider;
            _connection = connection;
        }

        public static async Task<Floor> OpenAsync(string path, CancellationToken ct)
        {
            var services = new ServiceCollection();
            services.AddDbContextFactory<WorkflowDbContext>(o => o.UseSqlite(ConnectionString(path)));
            var provider = services.BuildServiceProvider();
            await CreateAsync(provider.GetRequiredService<IDbContextFactory<WorkflowDbContext>>(), ct);
            var connection = new SqliteConnection(ConnectionString(path));
            await connection.OpenAsync(ct);
            await Pragmas.ApplyAsync(connection, ct);
            return new Floor(provider, connection);
        }

        public async Task<TimeSpan> StartAsync(int from, int to, CancellationToken ct)
        {
            var watch = Stopwatch.StartNew();
            for (var i = from; i < to; i++)
            {
                await using var transaction = await _connection.BeginTransactionAsync(ct);
                await ExecuteAsync(_connection, transaction,
                    "INSERT INTO WorkflowInstances (Id, DefinitionId, DefinitionVersionId, Version, Status, CorrelationId, StateJson, IncidentCount, CreatedAt, UpdatedAt, Revision) VALUES ($id, 'bench', 'v1', 1, 'Suspended', $c, $s, 0, $t, $t, 1)",
                    [("$id", $"i{i}"), ("$c", Correlation(i)), ("$s", _state), ("$t", _now)],
                    ct);
                await ExecuteAsync(_connection, transaction,
                    "INSERT INTO WorkflowBookmarks (Id, InstanceId, FrameId, ActivityId, Kind, EventName, CorrelationId, CreatedAt) VALUES ($id, $i, 'f', 'Wait', 'Event', 'Approved', $c, $t)",
                    [("$id", $"b{i}"), ("$i", $"i{i}"), ("$c", Correlation(i)), ("$t", _now)],
                    ct);
                await transaction.CommitAsync(ct);
            }

            return watch.Elapsed;
        }

        public async Task<TimeSpan> ResumeAsync(int from, int to, CancellationToken ct)
        {
            var watch = Stopwatch.StartNew();
            for (var i = from; i < to; i++)
            {
                await using var transaction = await _connection.BeginTransactionAsync(ct);
                await ExecuteAsync(_connection, transaction,
                    "UPDATE WorkflowBookmarks SET ResumedAt = $t WHERE EventName = 'Approved' AND CorrelationId = $c AND ResumedAt IS NULL",
                    [("$c", Correlation(i)), ("$t", _now)],
                    ct);
                await ExecuteAsync(_connection, transaction,
                    "UPDATE WorkflowInstances SET Status = 'Finished', StateJson = '{}', FinishedAt = $t, Revision = Revision + 1 WHERE Id = $id",
                    [("$id", $"i{i}"), ("$t", _now)],
                    ct);
                await transaction.CommitAsync(ct);
            }

            return watch.Elapsed;
        }

        public async ValueTask DisposeAsync()
        {
            await _connection.DisposeAsync();
            await _provider.DisposeAsync();
        }
    }

    private static async Task ExecuteAsync(SqliteConnection connection, DbTransaction transaction, string sql, (string Name, object Value)[] parameters, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = (SqliteTransaction)transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task CreateAsync(IDbContextFactory<WorkflowDbContext> factory, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        await db.Database.EnsureCreatedAsync(ct);
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
    }

    internal static string Correlation(int i) => string.Create(CultureInfo.InvariantCulture, $"candidate-{i}");

    private static string ConnectionString(string path) =>
        new SqliteConnectionStringBuilder { DataSource = path, Pooling = true, DefaultTimeout = 30 }.ToString();

    /// <summary>The engine's SQLite settings (WAL, synchronous=NORMAL), once per pooled connection as the engine's SqlitePragmas does.</summary>
    private sealed class Pragmas : DbConnectionInterceptor
    {
        private static readonly ConditionalWeakTable<object, object> Prepared = [];

        public static async Task ApplyAsync(DbConnection connection, CancellationToken ct)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;";
            await command.ExecuteNonQueryAsync(ct);
        }

        public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            var handle = ((SqliteConnection)connection).Handle!;
            if (!Prepared.TryGetValue(handle, out _))
            {
                await ApplyAsync(connection, cancellationToken);
                Prepared.AddOrUpdate(handle, Prepared);
            }
        }
    }
}
