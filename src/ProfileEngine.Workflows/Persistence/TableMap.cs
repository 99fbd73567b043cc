using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using System.Linq.Expressions;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace ProfileEngine.Workflows.Persistence;

/// <summary>One entity type's table as the model maps it; built once per model and type.</summary>
internal sealed class TableMap
{
    private static readonly ConcurrentDictionary<(IModel, Type), TableMap> Maps = new();
    private readonly Dictionary<string, ColumnMap> _byProperty;
    private readonly ConcurrentDictionary<string, string> _expanded = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<int, string> _multiInsert = new();
    private readonly ConcurrentDictionary<(string Table, string Condition), string> _insertIf = new();
    private readonly Func<object> _new;

    private TableMap(IEntityType entityType, ISqlGenerationHelper sql)
    {
        var table = entityType.GetTableMappings().Single().Table;
        Name = sql.DelimitIdentifier(table.Name, table.Schema);
        var keys = entityType.FindPrimaryKey()!.Properties.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        Columns = [.. entityType.GetTableMappings().Single().ColumnMappings
            .Select(m => new ColumnMap(m.Property, sql.DelimitIdentifier(m.Column.Name), m.TypeMapping, keys.Contains(m.Property.Name)))];
        Key = [.. Columns.Where(c => c.IsKey)];
        _byProperty = Columns.ToDictionary(c => c.Property, StringComparer.Ordinal);
        SelectSql = $"SELECT {string.Join(", ", Columns.Select(c => c.Sql))} FROM {Name}";
        _new = Expression.Lambda<Func<object>>(Expression.Convert(Expression.New(entityType.ClrType), typeof(object))).Compile();
        InsertSql = $"INSERT INTO {Name} ({string.Join(", ", Columns.Select(c => c.Sql))}) VALUES ({string.Join(", ", Columns.Select((_, i) => sql.GenerateParameterNamePlaceholder(RowStatements.ParameterName(i))))})";
    }

    public string Name { get; }

    public IReadOnlyList<ColumnMap> Columns { get; }

    public IReadOnlyList<ColumnMap> Key { get; }

    public string InsertSql { get; }

    /// <summary><c>SELECT</c> of every mapped column, in <see cref="Columns"/> order, <c>FROM</c> the table.</summary>
    public string SelectSql { get; }

    /// <summary>A row built from the reader's current record, its columns in <see cref="Columns"/> order.</summary>
    public object Read(DbDataReader reader)
    {
        var row = _new();
        for (var i = 0; i < Columns.Count; i++)
        {
            Columns[i].Read(reader, i, row);
        }

        return row;
    }

    /// <summary>The INSERT of <paramref name="rows"/> rows in one statement, parameters numbered row by row.</summary>
    public string InsertSqlFor(int rows, ISqlGenerationHelper sql) => rows == 1 ? InsertSql : _multiInsert.GetOrAdd(rows, n =>
    {
        var text = new StringBuilder("INSERT INTO ").Append(Name).Append(" (").AppendJoin(", ", Columns.Select(c => c.Sql)).Append(") VALUES ");
        for (var r = 0; r < n; r++)
        {
            text.Append(r == 0 ? "(" : ", (")
                .AppendJoin(", ", Columns.Select((_, c) => sql.GenerateParameterNamePlaceholder(RowStatements.ParameterName((r * Columns.Count) + c))))
                .Append(')');
        }

        return text.ToString();
    });

    public ColumnMap Column(string property) => _byProperty[property];

    /// <summary>
    /// <c>INSERT INTO</c> this table <c>SELECT</c> every column's parameter, <c>WHERE EXISTS</c> a row of
    /// <paramref name="other"/> meets <paramref name="condition"/>; the condition's <c>{n}</c> are the parameters after the
    /// columns'.
    /// </summary>
    public string InsertIfExistsSql(TableMap other, string condition, ISqlGenerationHelper sql) => _insertIf.GetOrAdd((other.Name, condition), key =>
    {
        var where = new StringBuilder(key.Condition);
        foreach (var column in other.Columns)
        {
            where.Replace($"[{column.Property}]", column.Sql);
        }

        var placeholders = Enumerable.Range(Columns.Count, 24).Select(i => (object)sql.GenerateParameterNamePlaceholder(RowStatements.ParameterName(i))).ToArray();
        return new StringBuilder("INSERT INTO ").Append(Name).Append(" (").AppendJoin(", ", Columns.Select(c => c.Sql)).Append(") SELECT ")
            .AppendJoin(", ", Columns.Select((_, i) => sql.GenerateParameterNamePlaceholder(RowStatements.ParameterName(i))))
            .Append(" WHERE EXISTS (SELECT 1 FROM ").Append(other.Name).Append(" WHERE ")
            .Append(string.Format(CultureInfo.InvariantCulture, where.ToString(), placeholders)).Append(')')
            .ToString();
    });

    public string Expand(string template, ISqlGenerationHelper sql) => _expanded.GetOrAdd(template, t =>
    {
        var text = new StringBuilder(t).Replace("{table}", Name).Replace("{columns}", string.Join(", ", Columns.Select(c => c.Sql)));
        foreach (var column in Columns)
        {
            text.Replace($"[{column.Property}]", column.Sql);
        }

        var placeholders = Enumerable.Range(0, 24).Select(i => (object)sql.GenerateParameterNamePlaceholder(RowStatements.ParameterName(i))).ToArray();
        return string.Format(CultureInfo.InvariantCulture, text.ToString(), placeholders);
    });

    public static TableMap Of(DbContext db, Type type) =>
        Maps.GetOrAdd((db.Model, type), static (key, db) =>
            new TableMap(
                key.Item1.FindEntityType(key.Item2) ?? throw new InvalidOperationException($"{key.Item2.Name} is not in the model of {db.GetType().Name}."),
                db.GetService<ISqlGenerationHelper>()),
            db);
}

/// <summary>A column: its delimited name, how its values are converted and typed, and a compiled getter and setter.</summary>
internal sealed class ColumnMap(IProperty property, string sql, RelationalTypeMapping mapping, bool isKey)
{
    private readonly Func<object, object?> _get = Getter(property);
    private readonly Action<object, object?> _set = Setter(property);
    private readonly Type _providerType = Nullable.GetUnderlyingType(mapping.Converter?.ProviderClrType ?? property.ClrType) ?? mapping.Converter?.ProviderClrType ?? property.ClrType;

    public string Property { get; } = property.Name;

    public string Sql { get; } = sql;

    public bool IsKey { get; } = isKey;

    /// <summary>The row's value of this property, as the entity holds it.</summary>
    public object? Get(object row) => _get(row);

    // The mapping converts (enum to text, DateTimeOffset to milliseconds) and sets the provider's parameter type.
    public DbParameter ValueParameter(DbCommand factory, string name, object? value) =>
        mapping.CreateParameter(factory, name, value, property.IsNullable);

    /// <summary>
    /// Gives a parameter made by <see cref="ValueParameter"/> for this column a new value, converted the same way (its
    /// name and provider type stay): how a prepared command is reused.
    /// </summary>
    public void SetValue(DbParameter parameter, object? value) =>
        parameter.Value = value switch
        {
            null => DBNull.Value,
            _ when mapping.Converter is { } converter => converter.ConvertToProvider(value) ?? DBNull.Value,
            Enum e => Convert.ChangeType(e, Enum.GetUnderlyingType(e.GetType()), CultureInfo.InvariantCulture),
            _ => value,
        };

    /// <summary>
    /// Sets the row's property from column <paramref name="ordinal"/>: the provider's value (SQLite gives every integer as
    /// a long) made the provider type the mapping expects, then converted back as the mapping says (text to enum,
    /// milliseconds to DateTimeOffset).
    /// </summary>
    public void Read(DbDataReader reader, int ordinal, object row)
    {
        if (reader.IsDBNull(ordinal))
        {
            _set(row, null);
            return;
        }

        var value = reader.GetValue(ordinal);
        if (value.GetType() != _providerType)
        {
            value = Convert.ChangeType(value, _providerType, CultureInfo.InvariantCulture);
        }

        _set(row, mapping.Converter is { } converter ? converter.ConvertFromProvider(value) : value);
    }

    private static Action<object, object?> Setter(IProperty property)
    {
        var row = Expression.Parameter(typeof(object), "row");
        var value = Expression.Parameter(typeof(object), "value");
        var assign = Expression.Assign(
            Expression.Property(Expression.Convert(row, property.DeclaringType.ClrType), property.PropertyInfo!),
            Expression.Convert(value, property.ClrType));
        return Expression.Lambda<Action<object, object?>>(assign, row, value).Compile();
    }

    private static Func<object, object?> Getter(IProperty property)
    {
        var row = Expression.Parameter(typeof(object), "row");
        var read = Expression.Property(Expression.Convert(row, property.DeclaringType.ClrType), property.PropertyInfo!);
        return Expression.Lambda<Func<object, object?>>(Expression.Convert(read, typeof(object)), row).Compile();
    }
}
