using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using ProfileEngine.Host.CommandLine;
using ProfileEngine.Connections;
using ProfileEngine.Connectors.Webex;
using ProfileEngine.Persistence;
using ProfileEngine.Tests.Support;
using ProfileEngine.Workflows.Persistence;

namespace ProfileEngine.Tests.Persistence;

/// <summary>
/// Upgrades: a database the release before migrations made (Fixtures/profileengine-e332734.db, see its README) is
/// baselined and migrated with every row intact; a fresh database gets every migration and matches the model.
/// </summary>
public sealed class MigrationTests
{
    private const string Initial = "20261203141101_Initial";
    private const string AddActivityCoverage = "20261203141502_AddActivityCoverage";
    private const string WidenAuditEntityId = "20261203192916_WidenAuditEntityId";
    private const string AddWorkflowInstanceLease = "20261203195543_AddWorkflowInstanceLease";
    private const string ConnectorSettingsAndConnectionMethods = "20261207060517_ConnectorSettingsAndConnectionMethods";
    private const string WorkflowVariablesOnInstances = "20261207084158_WorkflowVariablesOnInstances";

    private static string Fixture => Path.Combine(RepositoryRoot(), "tests", "ProfileEngine.Tests", "Persistence", "Fixtures", "profileengine-e332734.db");

    [Fact]
    public async Task A_database_made_by_the_previous_release_is_baselined_migrated_and_keeps_every_row()
    {
        using var data = CopyFixture();
        var file = data.File(PersistenceServiceCollectionExtensions.DatabaseFileName);
        var before = await RawCountsAsync(file);
        Assert.False(before.ContainsKey("__EFMigrationsHistory"));
        Assert.False(before.ContainsKey("ActivityCoverages"));
        Assert.Equal(19, before["RemovalCandidates"]);
        var profileName = await RawScalarAsync<string>(file, "SELECT DisplayName FROM IntegrationProfiles");
        var notes = await RawColumnAsync<string>(file, "SELECT Text FROM CandidateWorkNotes ORDER BY Id");
        var firstOpened = await RawScalarAsync<long>(file, "SELECT OpenedAt FROM RemovalCandidates ORDER BY Id LIMIT 1");

        await using (var engine = await EngineHarness.StartAsync(data: data))
        {
            var rows = await engine.QueryDbAsync(ReadEveryRowAsync);
            // Start-up adds the SCIM connector's four parent aliases (and their audit rows); every other row is as it was.
            var added = new Dictionary<string, int> { ["ConnectionAliases"] = 4, ["AuditEntries"] = 4 };
            // The workflow variables' rows moved onto their instances (checked below); every other table is as it was.
            foreach (var (table, count) in before.Where(t => t.Key is not "sqlite_sequence" and not "WorkflowVariables"))
            {
                Assert.True(rows.TryGetValue(table, out var read), $"{table} is not in today's model");
                Assert.True(count + added.GetValueOrDefault(table) == read, $"{table}: {count} rows in the file, {read} read back");
            }

            Assert.Equal(0, rows["ActivityCoverages"]);
            await engine.QueryDbAsync(async db =>
            {
                Assert.Equal(profileName, (await db.IntegrationProfiles.SingleAsync()).DisplayName);
                // The parent aliases the old model seeded are kept (not deleted and re-created), and old connections sign in as before.
                Assert.Equal(
                    [
                        "scim_application", "scim_application_activity", "scim_application_activity_reclaim", "scim_application_reclaim",
                        WebexAliases.Subscription, WebexAliases.SubscriptionActivity, WebexAliases.SubscriptionActivityReclaim, WebexAliases.SubscriptionReclaim,
                    ],
                    await db.ConnectionAliases.Where(a => a.ParentAliasId == null).OrderBy(a => a.Name).Select(a => a.Name).ToListAsync());
                Assert.Contains(new Guid("6a1d7c52-0b6e-4a3c-9a51-000000000001"), await db.ConnectionAliases.Select(a => a.Id).ToListAsync());
                Assert.All(await db.Connections.ToListAsync(), c => Assert.Equal(ConnectionMethod.AuthorizationCode, c.Method));
                Assert.Equal(notes, await db.CandidateWorkNotes.OrderBy(n => n.Id).Select(n => n.Text).ToListAsync());
                Assert.Contains("fixture: reclaim", notes);
                Assert.Equal(firstOpened, (await db.RemovalCandidates.OrderBy(c => c.Id).FirstAsync()).OpenedAt.UtcTicks);
                var download = await db.Set<WorkflowInstanceRecord>().SingleAsync(i => i.Id == "9a9386188a704fdb8636ac70bef5a3e1");
                var variables = JsonNode.Parse(download.VariablesJson!)!.AsObject();
                Assert.Equal(["counts", "licenses", "modeRun"], variables.Select(v => v.Key).Order(StringComparer.Ordinal));
                Assert.Equal(24, variables["counts"]!["fetched"]!.GetValue<int>());
                Assert.Equal(8, variables["licenses"]!.GetValue<int>());
                Assert.Equal("full", variables["modeRun"]!.GetValue<string>());
                var stored = await db.Set<WorkflowInstanceRecord>().Where(i => i.VariablesJson != null).Select(i => i.VariablesJson!).ToListAsync();
                Assert.Equal(before["WorkflowVariables"], stored.Sum(json => JsonNode.Parse(json)!.AsObject().Count));
                Assert.NotEmpty(await db.SyncWatermarks.ToListAsync());
                Assert.All(await db.SyncWatermarks.ToListAsync(), w => Assert.Null(w.CoveredFrom));
                Assert.Equal([Initial, AddActivityCoverage, WidenAuditEntityId, AddWorkflowInstanceLease, ConnectorSettingsAndConnectionMethods, WorkflowVariablesOnInstances], await db.Database.GetAppliedMigrationsAsync());
                Assert.Empty(await db.Database.GetPendingMigrationsAsync());
                return 0;
            });
        }

        var afterFirst = await RawCountsAsync(file);
        var schemaAfterFirst = await SchemaAsync(file);
        await using (var again = await EngineHarness.StartAsync(data: data))
        {
            var outcome = await again.QueryDbAsync(db => DatabaseMigrator.MigrateAsync(db, CancellationToken.None));
            Assert.Empty(outcome.Baselined);
            Assert.Empty(outcome.Applied);
        }

        Assert.Equal(afterFirst, await RawCountsAsync(file));
        Assert.Equal(schemaAfterFirst, await SchemaAsync(file));
    }

    [Fact]
    public async Task Rolling_back_the_move_of_workflow_variables_puts_each_back_in_a_row_of_its_own()
    {
        using var data = CopyFixture();
        var file = data.File(PersistenceServiceCollectionExtensions.DatabaseFileName);
        var before = await RawColumnAsync<string>(file, "SELECT InstanceId || '/' || Name || '=' || COALESCE(ValueJson, 'NULL') FROM WorkflowVariables ORDER BY 1");
        await using (var engine = await EngineHarness.StartAsync(data: data))
        {
            await engine.QueryDbAsync(async db =>
            {
                await db.GetService<Microsoft.EntityFrameworkCore.Migrations.IMigrator>().MigrateAsync(ConnectorSettingsAndConnectionMethods);
                return 0;
            });
        }

        var after = await RawColumnAsync<string>(file, "SELECT InstanceId || '/' || Name || '=' || COALESCE(ValueJson, 'NULL') FROM WorkflowVariables ORDER BY 1");
        Assert.Equal(5, before.Count);
        Assert.Equal(before.Select(Canonical), after.Select(Canonical));
        Assert.DoesNotContain("VariablesJson", await RawColumnAsync<string>(file, "SELECT name FROM pragma_table_info('WorkflowInstances')"));

        // JSON text may come back spaced differently; the values must be the same.
        static string Canonical(string row)
        {
            var at = row.IndexOf('=', StringComparison.Ordinal);
            var value = row[(at + 1)..];
            return row[..(at + 1)] + (value == "NULL" ? value : JsonNode.Parse(value)!.ToJsonString());
        }
    }

    [Fact]
    public async Task A_fresh_database_gets_every_migration_and_the_same_schema_EnsureCreated_makes()
    {
        using var data = new TempDataFolder(DatabaseProvider.Sqlite);
        await using (var engine = await EngineHarness.StartAsync(data: data))
        {
            await engine.QueryDbAsync(async db =>
            {
                Assert.Equal([Initial, AddActivityCoverage, WidenAuditEntityId, AddWorkflowInstanceLease, ConnectorSettingsAndConnectionMethods, WorkflowVariablesOnInstances], await db.Database.GetAppliedMigrationsAsync());
                Assert.False(db.Database.HasPendingModelChanges(), "the model has changes no migration captures");
                return 0;
            });
        }

        var created = data.File("ensure-created.db");
        var options = new DbContextOptionsBuilder<ProfileEngineDbContext>().UseSqlite($"Data Source={created}").Options;
        await using (var db = new ProfileEngineDbContext(options))
        {
            await db.Database.EnsureCreatedAsync();
        }

        var migrated = await SchemaAsync(data.File(PersistenceServiceCollectionExtensions.DatabaseFileName));
        migrated.Remove("__EFMigrationsHistory");
        migrated.Remove("__EFMigrationsLock");
        Assert.Equal(await SchemaAsync(created), migrated);
    }

    [Fact]
    public async Task A_database_with_engine_tables_that_is_not_the_previous_release_is_refused_naming_what_is_missing()
    {
        using var data = CopyFixture();
        var file = data.File(PersistenceServiceCollectionExtensions.DatabaseFileName);
        await ExecuteAsync(file, "DROP TABLE ReclaimAllRuns; ALTER TABLE ReclamationRules DROP COLUMN ReminderDaysBeforeDeadline;");
        var options = new DbContextOptionsBuilder<ProfileEngineDbContext>().UseSqlite($"Data Source={file}").Options;
        await using var db = new ProfileEngineDbContext(options);

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => DatabaseMigrator.MigrateAsync(db, CancellationToken.None));

        Assert.Contains("ReclaimAllRuns", refused.Message, StringComparison.Ordinal);
        Assert.Contains("ReclamationRules.ReminderDaysBeforeDeadline", refused.Message, StringComparison.Ordinal);
        Assert.Contains(Initial, refused.Message, StringComparison.Ordinal);
        Assert.False((await SchemaAsync(file)).ContainsKey("__EFMigrationsHistory"), "nothing is written to a refused database");
    }

    [Fact]
    public async Task Db_migrate_prints_what_it_recorded_and_applied_and_db_status_lists_them()
    {
        using var data = CopyFixture();

        var status = await RunAsync(data, "db", "status");
        Assert.Equal(0, status.Code);
        Assert.Contains($"pending  {Initial}", status.Output, StringComparison.Ordinal);
        Assert.Contains("made before migrations", status.Output, StringComparison.Ordinal);

        var migrate = await RunAsync(data, "db", "migrate");
        Assert.Equal(0, migrate.Code);
        Assert.Contains($"Recorded {Initial} (already in the database).", migrate.Output, StringComparison.Ordinal);
        Assert.Contains($"Applied {AddActivityCoverage}.", migrate.Output, StringComparison.Ordinal);
        Assert.Contains($"Applied {AddWorkflowInstanceLease}.", migrate.Output, StringComparison.Ordinal);

        var again = await RunAsync(data, "db", "migrate");
        Assert.Equal(0, again.Code);
        Assert.Contains("The database is up to date.", again.Output, StringComparison.Ordinal);

        var after = await RunAsync(data, "db", "status");
        Assert.Contains($"applied  {Initial}", after.Output, StringComparison.Ordinal);
        Assert.Contains($"applied  {AddActivityCoverage}", after.Output, StringComparison.Ordinal);
        Assert.Contains($"applied  {AddWorkflowInstanceLease}", after.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("pending", after.Output, StringComparison.Ordinal);
    }

    private static TempDataFolder CopyFixture()
    {
        var data = new TempDataFolder(DatabaseProvider.Sqlite);
        File.Copy(Fixture, data.File(PersistenceServiceCollectionExtensions.DatabaseFileName));
        return data;
    }

    private static string RepositoryRoot() => RepositoryPaths.RepositoryRoot;

    /// <summary>Materializes every row of every table in today's model through EF (so each column converts), by table.</summary>
    private static async Task<Dictionary<string, int>> ReadEveryRowAsync(ProfileEngineDbContext db)
    {
        var read = typeof(MigrationTests).GetMethod(nameof(ReadAllAsync), BindingFlags.NonPublic | BindingFlags.Static)!;
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var entity in db.Model.GetEntityTypes().Where(e => e.GetTableName() is not null))
        {
            counts[entity.GetTableName()!] = await (Task<int>)read.MakeGenericMethod(entity.ClrType).Invoke(null, [db])!;
        }

        return counts;
    }

    private static async Task<int> ReadAllAsync<T>(ProfileEngineDbContext db)
        where T : class => (await db.Set<T>().AsNoTracking().ToListAsync()).Count;

    private static async Task<Dictionary<string, long>> RawCountsAsync(string file)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var table in await RawColumnAsync<string>(file, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"))
        {
            counts[table] = await RawScalarAsync<long>(file, $"SELECT COUNT(*) FROM \"{table}\"");
        }

        return counts;
    }

    /// <summary>Table to its columns (name, type, not null, default, primary key) and indexes, as SQLite reports them.</summary>
    private static async Task<Dictionary<string, string>> SchemaAsync(string file)
    {
        var schema = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var table in await RawColumnAsync<string>(file, "SELECT name FROM sqlite_master WHERE type = 'table' AND name <> 'sqlite_sequence' ORDER BY name"))
        {
            var columns = await RawColumnAsync<string>(file,
                $"SELECT name || ' ' || type || ' ' || \"notnull\" || ' ' || coalesce(dflt_value, '-') || ' ' || pk FROM pragma_table_info('{table}') ORDER BY name");
            var indexes = await RawColumnAsync<string>(file,
                $"SELECT coalesce(sql, name) FROM sqlite_master WHERE type = 'index' AND tbl_name = '{table}' ORDER BY name");
            var keys = await RawColumnAsync<string>(file,
                $"SELECT \"table\" || '.' || \"to\" || ' <- ' || \"from\" || ' ' || on_delete FROM pragma_foreign_key_list('{table}') ORDER BY \"from\"");
            schema[table] = string.Join(" | ", columns.Concat(indexes).Concat(keys));
        }

        return schema;
    }

    private static async Task ExecuteAsync(string file, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={file};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<T> RawScalarAsync<T>(string file, string sql) => (await RawColumnAsync<T>(file, sql)).Single();

    private static async Task<List<T>> RawColumnAsync<T>(string file, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={file};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<T>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetFieldValue<T>(0));
        }

        return values;
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(TempDataFolder data, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await EngineCommandLine.RunAsync([.. args, "--data-folder", data.Path], output, error);
        return (code, output.ToString(), error.ToString());
    }
}
