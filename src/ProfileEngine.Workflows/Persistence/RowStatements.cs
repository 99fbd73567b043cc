using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace ProfileEngine.Workflows.Persistence;

/// <summary>
/// Plain INSERT, UPDATE and DELETE statements for the runtime's rows, queued and then sent together on the connection
/// and transaction of a DbContext. Tables, columns, value conversions and parameter types come from the context's EF
/// model, so the SQL follows the mapping on SQLite and PostgreSQL alike. The runtime commits a handful of rows after
/// every activity; writing them without the change tracker costs a fraction of SaveChanges.
/// </summary>
internal sealed class RowStatements(DbContext db)
{
    private readonly List<Statement> _statements = [];
    private DbCommand? _parameterFactory;

    public int Count => _statements.Count;

    /// <summary>Queues an INSERT of every mapped column; returns the statement's index.</summary>
    public int Insert<T>(T row)
        where T : class
    {
        var table = TableMap.Of(db, typeof(T));
        var values = new object?[table.Columns.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = table.Columns[i].Get(row);
        }

        return Add(table.InsertSql, table.Columns, values);
    }

    /// <summary>
    /// Queues an INSERT of every mapped column that writes the row only while a row of <typeparamref name="TCondition"/>
    /// meets <paramref name="condition"/> (e.g. <c>[Id] = {0} AND [IsPublished] = {1}</c>, its columns and values); the
    /// statement affects no row otherwise. Returns the statement's index.
    /// </summary>
    public int InsertIf<T, TCondition>(T row, string condition, params (string Property, object? Value)[] values)
        where T : class
        where TCondition : class
    {
        var table = TableMap.Of(db, typeof(T));
        var other = TableMap.Of(db, typeof(TCondition));
        var columns = new ColumnMap[table.Columns.Count + values.Length];
        var plain = new object?[columns.Length];
        for (var i = 0; i < table.Columns.Count; i++)
        {
            columns[i] = table.Columns[i];
            plain[i] = table.Columns[i].Get(row);
        }

        for (var i = 0; i < values.Length; i++)
        {
            columns[table.Columns.Count + i] = other.Column(values[i].Property);
            plain[table.Columns.Count + i] = values[i].Value;
        }

        return Add(table.InsertIfExistsSql(other, condition, Helper), columns, plain);
    }

    /// <summary>
    /// Queues one multi-row INSERT per <see cref="RowsPerInsert"/> rows (a commit's execution records, log lines):
    /// SQLite prepares each statement afresh, so one statement for several rows costs little more than for one.
    /// </summary>
    public void InsertAll<T>(IReadOnlyList<T> rows)
        where T : class
    {
        var table = TableMap.Of(db, typeof(T));
        for (var from = 0; from < rows.Count; from += RowsPerInsert)
        {
            var count = Math.Min(RowsPerInsert, rows.Count - from);
            var values = new object?[table.Columns.Count * count];
            for (var r = 0; r < count; r++)
            {
                for (var c = 0; c < table.Columns.Count; c++)
                {
                    values[(r * table.Columns.Count) + c] = table.Columns[c].Get(rows[from + r]);
                }
            }

            Add(table.InsertSqlFor(count, Helper), table.Columns, values);
        }
    }

    /// <summary>Rows per multi-row INSERT: well inside SQLite's and PostgreSQL's limits on parameters per statement.</summary>
    public const int RowsPerInsert = 50;

    /// <summary>
    /// Queues an UPDATE of every mapped column but the key and <paramref name="skip"/>, found by key (and, with
    /// <paramref name="expected"/>, only while that column still holds that value); returns the statement's index.
    /// </summary>
    public int Update<T>(T row, IReadOnlySet<string>? skip = null, (string Property, object? Value)? expected = null)
        where T : class
    {
        var table = TableMap.Of(db, typeof(T));
        var sql = new StringBuilder("UPDATE ").Append(table.Name).Append(" SET ");
        var columns = new List<ColumnMap>(table.Columns.Count + 1);
        var values = new List<object?>(table.Columns.Count + 1);
        foreach (var column in table.Columns.Where(c => !c.IsKey && (skip is null || !skip.Contains(c.Property))))
        {
            if (columns.Count > 0)
            {
                sql.Append(", ");
            }

            sql.Append(column.Sql).Append(" = ").Append(Placeholder(columns.Count));
            columns.Add(column);
            values.Add(column.Get(row));
        }

        sql.Append(" WHERE ");
        AppendKey(sql, table, row, columns, values);
        if (expected is { } check)
        {
            var column = table.Column(check.Property);
            sql.Append(" AND ").Append(column.Sql).Append(" = ").Append(Placeholder(columns.Count));
            columns.Add(column);
            values.Add(check.Value);
        }

        return Add(sql.ToString(), columns, [.. values]);
    }

    /// <summary>Queues a DELETE of the row with <paramref name="row"/>'s key.</summary>
    public int Delete<T>(T row)
        where T : class
    {
        var table = TableMap.Of(db, typeof(T));
        var sql = new StringBuilder("DELETE FROM ").Append(table.Name).Append(" WHERE ");
        var columns = new List<ColumnMap>(1);
        var values = new List<object?>(1);
        AppendKey(sql, table, row, columns, values);
        return Add(sql.ToString(), columns, [.. values]);
    }

    /// <summary>
    /// Queues a statement written by hand, e.g. <c>UPDATE {table} SET [ResumedAt] = {0} WHERE [Id] = {1}</c>: <c>{table}</c>
    /// is <typeparamref name="T"/>'s table, <c>[Property]</c> its column, <c>{n}</c> the n-th value, typed like the column
    /// of the property it is paired with.
    /// </summary>
    public int Add<T>(string template, params (string Property, object? Value)[] values)
        where T : class
    {
        var table = TableMap.Of(db, typeof(T));
        var columns = new ColumnMap[values.Length];
        var plain = new object?[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            columns[i] = table.Column(values[i].Property);
            plain[i] = values[i].Value;
        }

        return Add(table.Expand(template, Helper), columns, plain);
    }

    /// <summary>Runs the queued statements in order inside the context's current transaction; rows affected by each.</summary>
    public async Task<int[]> ExecuteAsync(CancellationToken cancellationToken)
    {
        var affected = new int[_statements.Count];
        if (_statements.Count == 0)
        {
            return affected;
        }

        var connection = db.Database.GetDbConnection();
        var opened = connection.State != System.Data.ConnectionState.Open;
        if (opened)
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
        }

        try
        {
            var transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            if (connection.CanCreateBatch)
            {
                // One round trip for all of them (PostgreSQL).
                await using var batch = connection.CreateBatch();
                batch.Transaction = transaction;
                foreach (var statement in _statements)
                {
                    var command = batch.CreateBatchCommand();
                    command.CommandText = statement.Sql;
                    for (var i = 0; i < statement.Values.Length; i++)
                    {
                        command.Parameters.Add(statement.Column(i).ValueParameter(ParameterFactory(), Name(i), statement.Values[i]));
                    }

                    batch.BatchCommands.Add(command);
                }

                await batch.ExecuteNonQueryAsync(cancellationToken);
                for (var i = 0; i < affected.Length; i++)
                {
                    affected[i] = batch.BatchCommands[i].RecordsAffected;
                }
            }
            else
            {
                for (var i = 0; i < _statements.Count; i++)
                {
                    affected[i] = await ExecuteAsync(connection, transaction, _statements[i], cancellationToken);
                }
            }
        }
        finally
        {
            _statements.Clear();
            if (opened)
            {
                await db.Database.CloseConnectionAsync();
            }
        }

        return affected;
    }

    /// <summary>One statement as its own command: a prepared one of this connection when it is kept open.</summary>
    private async Task<int> ExecuteAsync(DbConnection connection, DbTransaction? transaction, Statement statement, CancellationToken cancellationToken)
    {
        var (command, reused, kept) = PreparedCommands.Take(db, connection, transaction, statement.Sql);
        try
        {
            if (reused)
            {
                for (var i = 0; i < statement.Values.Length; i++)
                {
                    statement.Column(i).SetValue(command.Parameters[i], statement.Values[i]);
                }
            }
            else
            {
                for (var i = 0; i < statement.Values.Length; i++)
                {
                    command.Parameters.Add(statement.Column(i).ValueParameter(command, Name(i), statement.Values[i]));
                }

                if (kept)
                {
                    await command.PrepareAsync(cancellationToken);
                }
            }

            return await command.ExecuteNonQueryAsync(cancellationToken);
        }
        finally
        {
            if (!kept)
            {
                await command.DisposeAsync();
            }
        }
    }

    private int Add(string sql, IReadOnlyList<ColumnMap> columns, object?[] values)
    {
        _statements.Add(new Statement(sql, columns, values));
        return _statements.Count - 1;
    }

    private void AppendKey(StringBuilder sql, TableMap table, object row, List<ColumnMap> columns, List<object?> values)
    {
        var first = true;
        foreach (var key in table.Key)
        {
            sql.Append(first ? string.Empty : " AND ").Append(key.Sql).Append(" = ").Append(Placeholder(columns.Count));
            columns.Add(key);
            values.Add(key.Get(row));
            first = false;
        }
    }

    // A command of the provider's, not of the connection: a connection's own commands stay registered with it until
    // disposed, and the runtime keeps its connections open across runs (see OpenContexts).
    private DbCommand ParameterFactory() =>
        _parameterFactory ??= (DbProviderFactories.GetFactory(db.Database.GetDbConnection()) ?? throw new InvalidOperationException("The connection names no provider factory."))
            .CreateCommand() ?? throw new InvalidOperationException("The provider factory makes no commands.");

    private string Name(int index) => Helper.GenerateParameterName(ParameterName(index));

    private string Placeholder(int index) => Helper.GenerateParameterNamePlaceholder(ParameterName(index));

    private ISqlGenerationHelper Helper => db.GetService<ISqlGenerationHelper>();

    /// <summary>The provider's name of the <paramref name="index"/>-th parameter (as in <c>{n}</c> of a template).</summary>
    internal static string ParameterNameFor(DbContext db, int index) => db.GetService<ISqlGenerationHelper>().GenerateParameterName(ParameterName(index));

    internal static string ParameterName(int index) => string.Create(CultureInfo.InvariantCulture, $"p{index}");

    /// <summary>
    /// A queued statement: its values in parameter order, each typed by its column; a multi-row INSERT's values go row
    /// by row over the same columns.
    /// </summary>
    private readonly record struct Statement(string Sql, IReadOnlyList<ColumnMap> Columns, object?[] Values)
    {
        public ColumnMap Column(int index) => Columns[index % Columns.Count];
    }
}
