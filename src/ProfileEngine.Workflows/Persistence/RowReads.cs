using System.Data;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace ProfileEngine.Workflows.Persistence;

/// <summary>
/// Plain SELECTs for the reads every start and resume makes, on the connection and transaction of a DbContext, with
/// tables, columns and conversions from its EF model (as <see cref="RowStatements"/> does for writes). Even a compiled
/// EF query costs several times the statement itself on SQLite; these reads are on the path of every run.
/// </summary>
internal static class RowReads
{
    /// <summary>
    /// The <typeparamref name="T"/> rows a template selects, e.g. <c>SELECT {columns} FROM {table} WHERE [Id] = {0}</c>:
    /// <c>{columns}</c> is every mapped column, the rest as in <see cref="RowStatements.Add{T}"/>.
    /// </summary>
    public static Task<List<T>> ListAsync<T>(DbContext db, string template, CancellationToken cancellationToken, params (string Property, object? Value)[] values)
        where T : class
    {
        var table = TableMap.Of(db, typeof(T));
        return ReadAsync(db, table, template, reader => (T)table.Read(reader), values, cancellationToken);
    }

    /// <summary>What <paramref name="read"/> makes of each record a template on <typeparamref name="T"/>'s table selects.</summary>
    public static Task<List<TResult>> ListAsync<T, TResult>(
        DbContext db, string template, Func<DbDataReader, TResult> read, CancellationToken cancellationToken, params (string Property, object? Value)[] values)
        where T : class =>
        ReadAsync(db, TableMap.Of(db, typeof(T)), template, read, values, cancellationToken);

    private static async Task<List<TResult>> ReadAsync<TResult>(
        DbContext db, TableMap table, string template, Func<DbDataReader, TResult> read, (string Property, object? Value)[] values, CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        var opened = connection.State != ConnectionState.Open;
        if (opened)
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
        }

        var (command, reused, kept) = PreparedCommands.Take(db, connection, db.Database.CurrentTransaction?.GetDbTransaction(), table.Expand(template, db.GetService<ISqlGenerationHelper>()));
        try
        {
            for (var i = 0; i < values.Length; i++)
            {
                var column = table.Column(values[i].Property);
                if (reused)
                {
                    column.SetValue(command.Parameters[i], values[i].Value);
                }
                else
                {
                    command.Parameters.Add(column.ValueParameter(command, RowStatements.ParameterNameFor(db, i), values[i].Value));
                }
            }

            if (kept && !reused)
            {
                await command.PrepareAsync(cancellationToken);
            }

            var rows = new List<TResult>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add(read(reader));
            }

            return rows;
        }
        finally
        {
            if (!kept)
            {
                await command.DisposeAsync();
            }

            if (opened)
            {
                await db.Database.CloseConnectionAsync();
            }
        }
    }
}
