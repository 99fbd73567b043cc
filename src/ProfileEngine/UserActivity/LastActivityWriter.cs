using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace ProfileEngine.UserActivity;

/// <summary>
/// Writes a batch of (person, product, time) in a few statements: inserts what is new and moves existing rows
/// forward only when the new time is later. Safe to apply twice (a resumed run re-reads part of a window).
/// </summary>
public static class LastActivityWriter
{
    private const int RowsPerStatement = 500;

    public static async Task WriteAsync(DbContext db, Guid profileId, IReadOnlyDictionary<(string User, string Product), DateTimeOffset> latest, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(latest);
        var sqlite = db.Database.IsSqlite();
        if (sqlite)
        {
            await WriteOneByOneAsync(db, profileId, latest, now, cancellationToken);
            return;
        }

        foreach (var chunk in latest.Chunk(RowsPerStatement))
        {
            var sql = new StringBuilder(
                $"INSERT INTO \"{LastActivity.Table}\" (\"ProfileId\", \"ExternalUserId\", \"Product\", \"LastActivityAt\", \"UpdatedAt\") VALUES ");
            var parameters = new List<object>(chunk.Length * 3 + 2) { Profile(profileId, sqlite), Time(now, sqlite) };
            for (var i = 0; i < chunk.Length; i++)
            {
                var ((user, product), at) = chunk[i];
                var n = parameters.Count;
                sql.Append(CultureInfo.InvariantCulture, $"{(i == 0 ? string.Empty : ", ")}({{0}}, {{{n}}}, {{{n + 1}}}, {{{n + 2}}}, {{1}})");
                parameters.Add(user);
                parameters.Add(product);
                parameters.Add(Time(at, sqlite));
            }

            sql.Append(
                $" ON CONFLICT (\"ProfileId\", \"ExternalUserId\", \"Product\") DO UPDATE SET \"LastActivityAt\" = excluded.\"LastActivityAt\", \"UpdatedAt\" = excluded.\"UpdatedAt\"" +
                $" WHERE excluded.\"LastActivityAt\" > \"{LastActivity.Table}\".\"LastActivityAt\"");
            await db.Database.ExecuteSqlRawAsync(sql.ToString(), parameters, cancellationToken);
        }
    }

    /// <summary>
    /// Sets each subscription of the profile to the latest activity of its person with its model's product, where
    /// that is later than what it has. Returns how many subscriptions moved.
    /// </summary>
    public static Task<int> ApplyToSubscriptionsAsync(DbContext db, Guid profileId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        const string Latest =
            $"(SELECT MAX(ua.\"LastActivityAt\") FROM \"{LastActivity.Table}\" ua JOIN \"SoftwareModels\" m ON m.\"Product\" = ua.\"Product\"" +
            " WHERE ua.\"ProfileId\" = s.\"ProfileId\" AND ua.\"ExternalUserId\" = s.\"ExternalUserId\" AND m.\"Id\" = s.\"ModelId\")";
        const string Sql =
            $"UPDATE \"SoftwareSubscriptions\" AS s SET \"LastActivity\" = {Latest}" +
            $" WHERE s.\"ProfileId\" = {{0}} AND {Latest} IS NOT NULL AND (s.\"LastActivity\" IS NULL OR {Latest} > s.\"LastActivity\")";
        return db.Database.ExecuteSqlRawAsync(Sql, [Profile(profileId, db.Database.IsSqlite())], cancellationToken);
    }

    /// <summary>
    /// SQLite: one prepared statement run per row inside the caller's transaction is several times faster than
    /// large multi-row statements, which SQLite must parse anew each time.
    /// </summary>
    private static async Task WriteOneByOneAsync(DbContext db, Guid profileId, IReadOnlyDictionary<(string User, string Product), DateTimeOffset> latest, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open)
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
        }

        await using var command = connection.CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        command.CommandText =
            $"INSERT INTO \"{LastActivity.Table}\" (\"ProfileId\", \"ExternalUserId\", \"Product\", \"LastActivityAt\", \"UpdatedAt\") VALUES ($profile, $user, $product, $at, $now)" +
            $" ON CONFLICT (\"ProfileId\", \"ExternalUserId\", \"Product\") DO UPDATE SET \"LastActivityAt\" = excluded.\"LastActivityAt\", \"UpdatedAt\" = excluded.\"UpdatedAt\"" +
            $" WHERE excluded.\"LastActivityAt\" > \"{LastActivity.Table}\".\"LastActivityAt\"";
        var user = Add(command, "$user");
        var product = Add(command, "$product");
        var at = Add(command, "$at");
        Add(command, "$profile").Value = Profile(profileId, sqlite: true);
        Add(command, "$now").Value = Time(now, sqlite: true);
        foreach (var ((userId, productName), time) in latest)
        {
            user.Value = userId;
            product.Value = productName;
            at.Value = Time(time, sqlite: true);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static System.Data.Common.DbParameter Add(System.Data.Common.DbCommand command, string name)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        command.Parameters.Add(parameter);
        return parameter;
    }

    // The engine's SQLite model stores times as UTC ticks and Guids as upper-case text (EF's mapping for SQLite);
    // raw SQL must write them the same way. PostgreSQL takes the values as they are.
    private static object Profile(Guid id, bool sqlite) => sqlite ? id.ToString().ToUpperInvariant() : id;

    private static object Time(DateTimeOffset at, bool sqlite) => sqlite ? at.UtcTicks : at;
}
