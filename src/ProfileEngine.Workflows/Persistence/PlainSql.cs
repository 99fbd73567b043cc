using System.Data.Common;
using Microsoft.EntityFrameworkCore;

namespace ProfileEngine.Workflows.Persistence;

/// <summary>
/// Plain SQL for an activity's reads and writes on the path of every run, written against the EF model rather than
/// the database: <c>{table}</c> is the entity's table, <c>[Property]</c> a property's column, <c>{columns}</c> every
/// mapped column and <c>{n}</c> the n-th value, converted and typed like the column it is paired with. On the
/// connections the runtime keeps open the statements stay prepared, so a second run pays only for executing them; a
/// compiled EF query costs several times that. Use it inside <c>ActivityContext.ReadAsync</c> or commit work.
/// </summary>
public static class PlainSql
{
    /// <summary>What <paramref name="read"/> makes of each record the template selects, e.g.
    /// <c>SELECT [State] FROM {table} WHERE [Id] = {0}</c>.</summary>
    public static Task<List<TResult>> QueryAsync<TEntity, TResult>(
        DbContext db, string template, Func<DbDataReader, TResult> read, CancellationToken cancellationToken, params (string Property, object? Value)[] values)
        where TEntity : class
    {
        ArgumentNullException.ThrowIfNull(db);
        return RowReads.ListAsync<TEntity, TResult>(db, template, read, cancellationToken, values);
    }

    /// <summary>Runs one INSERT, UPDATE or DELETE written as a template (see the class); the rows it affected.</summary>
    public static async Task<int> ExecuteAsync<TEntity>(DbContext db, string template, CancellationToken cancellationToken, params (string Property, object? Value)[] values)
        where TEntity : class
    {
        ArgumentNullException.ThrowIfNull(db);
        var rows = new RowStatements(db);
        rows.Add<TEntity>(template, values);
        return (await rows.ExecuteAsync(cancellationToken))[0];
    }
}
