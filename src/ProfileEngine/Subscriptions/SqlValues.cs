using System.Data.Common;
using Microsoft.EntityFrameworkCore;

namespace ProfileEngine.Subscriptions;

/// <summary>
/// Parameters and reads for the bulk statements, stored the way the EF model stores them: on SQLite Guids are
/// upper-case text and times are UTC ticks (see <c>ProfileEngineDbContext.ConfigureConventions</c>); other providers
/// take the values as they are.
/// </summary>
internal sealed class SqlValues(bool sqlite)
{
    public static SqlValues For(DbContext db) => new(db.Database.IsSqlite());

    public bool IsSqlite { get; } = sqlite;

    public object Guid(Guid value) => IsSqlite ? value.ToString().ToUpperInvariant() : value;

    public object NullableGuid(Guid? value) => value is { } v ? Guid(v) : DBNull.Value;

    public object Time(DateTimeOffset value) => IsSqlite ? value.UtcTicks : value;

    public object NullableTime(DateTimeOffset? value) => value is { } v ? Time(v) : DBNull.Value;

    public static object Text(string? value) => value is null ? DBNull.Value : value;

    public static object Flag(bool? value) => value is { } v ? v : DBNull.Value;

    public Guid? ReadGuid(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : IsSqlite ? System.Guid.Parse(reader.GetString(ordinal)) : reader.GetGuid(ordinal);

    public DateTimeOffset? ReadTime(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : IsSqlite ? new DateTimeOffset(reader.GetInt64(ordinal), TimeSpan.Zero) : reader.GetFieldValue<DateTimeOffset>(ordinal);

    public static string? ReadText(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static bool? ReadFlag(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetBoolean(ordinal);

    public static DbParameter Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
        return parameter;
    }

    /// <summary>Enlists a command in the context's open transaction, if any.</summary>
    public static DbCommand Command(DbContext db, string sql)
    {
        var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = sql;
        command.Transaction = db.Database.CurrentTransaction is { } transaction
            ? Microsoft.EntityFrameworkCore.Storage.DbContextTransactionExtensions.GetDbTransaction(transaction)
            : null;
        return command;
    }
}
