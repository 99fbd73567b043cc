using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ProfileEngine.Persistence;

/// <summary>What <see cref="DatabaseMigrator"/> did: the migrations it recorded as already present and those it applied.</summary>
public sealed record MigrationOutcome(IReadOnlyList<string> Baselined, IReadOnlyList<string> Applied);

/// <summary>Which migrations a database has and which it still needs.</summary>
public sealed record MigrationStatus(IReadOnlyList<string> Applied, IReadOnlyList<string> Pending, bool NeedsBaseline);

/// <summary>
/// Brings the engine's database to the current schema with EF Core migrations (Persistence/Migrations/&lt;provider&gt;).
/// A database created before migrations existed (by <c>EnsureCreated</c>) has the engine's tables but no
/// <c>__EFMigrationsHistory</c>: its schema is compared with each migration's target model, the newest migration whose
/// tables and columns are all there (at least <c>Initial</c>, the previous release) is recorded as applied, and the rest
/// are applied. A database with engine tables that do not match <c>Initial</c> is refused, naming what is missing.
/// </summary>
public static class DatabaseMigrator
{
    /// <summary>Tables any engine database has had since the first release; one of them marks a database as the engine's.</summary>
    private static readonly string[] EngineMarkerTables = ["IntegrationProfiles", "ConnectionAliases", "WorkflowInstances"];

    public static async Task<MigrationOutcome> MigrateAsync(ProfileEngineDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var baselined = await BaselineAsync(db, cancellationToken);
        // EF reads the history table before creating it, and on PostgreSQL that failed read is logged as an error on every
        // first start (npgsql/efcore.pg#3407); an empty history table made first lets the read succeed.
        var history = db.GetService<IHistoryRepository>();
        if (!await HistoryExistsAsync(db, cancellationToken))
        {
            await db.Database.ExecuteSqlRawAsync(history.GetCreateIfNotExistsScript(), cancellationToken);
        }

        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        await db.Database.MigrateAsync(cancellationToken);
        return new MigrationOutcome(baselined, pending);
    }

    public static async Task<MigrationStatus> GetStatusAsync(ProfileEngineDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var all = db.Database.GetMigrations().ToList();
        if (!await HistoryExistsAsync(db, cancellationToken))
        {
            var schema = await ReadSchemaAsync(db, cancellationToken);
            return new MigrationStatus([], all, IsEngineDatabase(schema));
        }

        var applied = (await db.Database.GetAppliedMigrationsAsync(cancellationToken)).ToList();
        return new MigrationStatus(applied, all.Except(applied, StringComparer.Ordinal).ToList(), false);
    }

    /// <summary>Records the migrations an <c>EnsureCreated</c> database already has; returns their ids (none for a fresh or migrated database).</summary>
    private static async Task<IReadOnlyList<string>> BaselineAsync(ProfileEngineDbContext db, CancellationToken cancellationToken)
    {
        var history = db.GetService<IHistoryRepository>();
        if (!await db.Database.CanConnectAsync(cancellationToken) || await HistoryExistsAsync(db, cancellationToken))
        {
            return [];
        }

        var schema = await ReadSchemaAsync(db, cancellationToken);
        if (!IsEngineDatabase(schema))
        {
            return [];
        }

        var migrations = db.GetService<IMigrationsAssembly>();
        var provider = db.Database.ProviderName!;
        var present = new List<string>();
        foreach (var (id, type) in migrations.Migrations)
        {
            var target = migrations.CreateMigration(type, provider).TargetModel
                ?? throw new InvalidOperationException($"Migration {id} has no target model.");
            var missing = Missing(target, schema);
            if (missing.Count > 0)
            {
                if (present.Count == 0)
                {
                    throw new InvalidOperationException(
                        $"The database has ProfileEngine tables but no migration history, and its schema is not the one of migration {id} " +
                        $"(the release before migrations). Missing: {string.Join(", ", missing.Take(20))}{(missing.Count > 20 ? ", ..." : "")}. " +
                        "Restore a backup made by that release, or start on an empty data folder.");
                }

                break;
            }

            present.Add(id);
        }

        var version = ProductInfo.GetVersion();
        var script = history.GetCreateIfNotExistsScript() + Environment.NewLine +
            string.Join(Environment.NewLine, present.Select(id => history.GetInsertScript(new HistoryRow(id, version))));
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Database.ExecuteSqlRawAsync(script, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return present;
    }

    /// <summary>
    /// Whether the database has EF's history table. Npgsql's own check runs the failing SELECT (logged as an error), so
    /// PostgreSQL asks the catalog instead.
    /// </summary>
    private static async Task<bool> HistoryExistsAsync(ProfileEngineDbContext db, CancellationToken cancellationToken)
    {
        if (!db.Database.IsNpgsql())
        {
            return await db.GetService<IHistoryRepository>().ExistsAsync(cancellationToken);
        }

        var found = await db.Database
            .SqlQueryRaw<bool>("SELECT to_regclass('\"__EFMigrationsHistory\"') IS NOT NULL AS \"Value\"")
            .ToListAsync(cancellationToken);
        return found is [true];
    }

    private static bool IsEngineDatabase(Dictionary<string, HashSet<string>> schema) =>
        EngineMarkerTables.Any(schema.ContainsKey);

    /// <summary>The target model's tables and columns (as "Table" or "Table.Column") the database lacks.</summary>
    private static List<string> Missing(IModel target, Dictionary<string, HashSet<string>> schema)
    {
        var missing = new List<string>();
        foreach (var entity in target.GetEntityTypes().OrderBy(e => e.GetTableName(), StringComparer.Ordinal))
        {
            var table = entity.GetTableName();
            if (table is null)
            {
                continue;
            }

            if (!schema.TryGetValue(table, out var columns))
            {
                if (!missing.Contains(table, StringComparer.Ordinal))
                {
                    missing.Add(table);
                }

                continue;
            }

            missing.AddRange(entity.GetProperties()
                .Select(p => p.GetColumnName())
                .Where(column => !columns.Contains(column))
                .Select(column => $"{table}.{column}"));
        }

        return missing;
    }

    /// <summary>Table name to column names, as the database has them now.</summary>
    private static async Task<Dictionary<string, HashSet<string>>> ReadSchemaAsync(ProfileEngineDbContext db, CancellationToken cancellationToken)
    {
        var sql = db.Database.IsSqlite()
            ? "SELECT m.name, p.name FROM sqlite_master AS m JOIN pragma_table_info(m.name) AS p WHERE m.type = 'table'"
            : "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema()";
        var schema = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using DbCommand command = connection.CreateCommand();
            command.CommandText = sql;
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var table = reader.GetString(0);
                if (!schema.TryGetValue(table, out var columns))
                {
                    schema[table] = columns = new HashSet<string>(StringComparer.Ordinal);
                }

                columns.Add(reader.GetString(1));
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        return schema;
    }
}
