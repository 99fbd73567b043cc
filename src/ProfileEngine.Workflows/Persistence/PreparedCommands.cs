using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;

namespace ProfileEngine.Workflows.Persistence;

/// <summary>
/// Commands kept prepared, by SQL text, on a connection the runtime keeps open between runs (see
/// <c>OpenContexts</c>). SQLite compiles a command's SQL again on every execution unless the command is prepared once
/// and reused; the runtime sends the same few statements for every start and resume, so compiling them once per
/// connection saves a good part of each commit. Used only on providers without batches: on PostgreSQL a commit's
/// statements go in one batch (see <see cref="RowStatements"/>).
/// </summary>
internal sealed class PreparedCommands
{
    // Enough for every statement of the runtime's path, including multi-row inserts of a few sizes.
    private const int Capacity = 64;

    private static readonly ConditionalWeakTable<DbContext, PreparedCommands> Kept = [];
    private readonly Dictionary<string, DbCommand> _commands = new(StringComparer.Ordinal);

    /// <summary>From now until <see cref="Forget"/>, statements on <paramref name="db"/>'s connection are kept prepared.</summary>
    public static void KeepFor(DbContext db)
    {
        if (!db.Database.GetDbConnection().CanCreateBatch)
        {
            Kept.AddOrUpdate(db, new PreparedCommands());
        }
    }

    /// <summary>Disposes the commands kept for <paramref name="db"/>: before its connection closes.</summary>
    public static async ValueTask ForgetAsync(DbContext db)
    {
        if (Kept.TryGetValue(db, out var kept))
        {
            Kept.Remove(db);
            foreach (var command in kept._commands.Values)
            {
                await command.DisposeAsync();
            }

            kept._commands.Clear();
        }
    }

    /// <summary>
    /// A command for <paramref name="sql"/> on <paramref name="db"/>'s open connection and current transaction.
    /// <c>Reused</c>: a prepared command of this connection with the parameters of its last use (set their values).
    /// Otherwise it is new: add the parameters, then, when <c>Kept</c>, prepare it; dispose it after use unless kept.
    /// </summary>
    public static (DbCommand Command, bool Reused, bool Kept) Take(DbContext db, DbConnection connection, DbTransaction? transaction, string sql)
    {
        if (Kept.TryGetValue(db, out var kept) && kept._commands.TryGetValue(sql, out var command))
        {
            command.Transaction = transaction;
            return (command, Reused: true, Kept: true);
        }

        command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        var keep = kept is not null && kept._commands.Count < Capacity;
        if (keep)
        {
            kept!._commands[sql] = command;
        }

        return (command, Reused: false, Kept: keep);
    }
}
