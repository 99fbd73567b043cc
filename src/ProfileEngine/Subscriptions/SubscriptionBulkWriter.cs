using System.Text;
using Microsoft.EntityFrameworkCore;

namespace ProfileEngine.Subscriptions;

/// <summary>One (person, paid license) pair as the vendor shows it now.</summary>
public sealed record SubscriptionRow(
    string ExternalUserId,
    string Identifier,
    string? UserPrincipalName,
    string? DisplayName,
    Guid? ModelId,
    DateTimeOffset? ExternalCreated,
    bool? InvitePending,
    bool? LoginEnabled,
    string? Roles,
    string? TimeZone,
    string? UserType,
    string? UserStatus,
    bool Excluded);

/// <summary>What one page changes: rows to insert, rows to update, unchanged rows to stamp, rows to deactivate.</summary>
public sealed class SubscriptionPagePlan
{
    public List<SubscriptionRow> Inserts { get; } = [];

    public List<(long Id, SubscriptionRow Row)> Updates { get; } = [];

    public List<long> Unchanged { get; } = [];

    public List<long> Deactivations { get; } = [];
}

/// <summary>
/// The bulk upsert of subscriptions, page by page, without change tracking: <see cref="PlanAsync"/> reads the page's
/// people's rows once and works out inserts, real changes and deactivations (so a re-run with nothing new writes
/// nothing but the run stamp); <see cref="ApplyAsync"/> runs prepared statements inside the caller's transaction
/// (the one that also commits the workflow checkpoint).
/// </summary>
public static class SubscriptionBulkWriter
{
    private const int IdChunk = 500;

    private const string SelectColumns =
        "\"Id\", \"ExternalUserId\", \"Identifier\", \"UserPrincipalName\", \"DisplayName\", \"ModelId\", \"ExternalCreated\", " +
        "\"InvitePending\", \"LoginEnabled\", \"Roles\", \"TimeZone\", \"UserType\", \"UserStatus\", \"Active\", \"Excluded\"";

    /// <summary>
    /// Plans one page. <paramref name="personIds"/> are every person of the page (skipped ones too, and people the
    /// vendor no longer knows): their rows that are not in <paramref name="rows"/> are deactivated.
    /// </summary>
    /// <param name="keepStatusWhenAbsent">Id lookups carry no presence status: a null status then keeps the stored one.</param>
    public static async Task<SubscriptionPagePlan> PlanAsync(
        DbContext db,
        Guid profileId,
        IReadOnlyCollection<string> personIds,
        IReadOnlyList<SubscriptionRow> rows,
        bool keepStatusWhenAbsent,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(personIds);
        ArgumentNullException.ThrowIfNull(rows);
        var values = SqlValues.For(db);
        var existing = new Dictionary<(string User, string Identifier), Existing>();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            foreach (var chunk in personIds.Distinct(StringComparer.Ordinal).Chunk(IdChunk))
            {
                var sql = new StringBuilder("SELECT ").Append(SelectColumns)
                    .Append(" FROM \"SoftwareSubscriptions\" WHERE \"ProfileId\" = @profile AND \"ExternalUserId\" IN (");
                for (var i = 0; i < chunk.Length; i++)
                {
                    sql.Append(i == 0 ? "@u" : ", @u").Append(i);
                }

                sql.Append(')');
                await using var command = SqlValues.Command(db, sql.ToString());
                SqlValues.Add(command, "@profile", values.Guid(profileId));
                for (var i = 0; i < chunk.Length; i++)
                {
                    SqlValues.Add(command, "@u" + i, chunk[i]);
                }

                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    var row = new SubscriptionRow(
                        reader.GetString(1),
                        reader.GetString(2),
                        SqlValues.ReadText(reader, 3),
                        SqlValues.ReadText(reader, 4),
                        values.ReadGuid(reader, 5),
                        values.ReadTime(reader, 6),
                        SqlValues.ReadFlag(reader, 7),
                        SqlValues.ReadFlag(reader, 8),
                        SqlValues.ReadText(reader, 9),
                        SqlValues.ReadText(reader, 10),
                        SqlValues.ReadText(reader, 11),
                        SqlValues.ReadText(reader, 12),
                        reader.GetBoolean(14));
                    existing[(row.ExternalUserId, row.Identifier)] = new Existing(reader.GetInt64(0), row, reader.GetBoolean(13));
                }
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        var plan = new SubscriptionPagePlan();
        foreach (var row in rows)
        {
            if (!existing.Remove((row.ExternalUserId, row.Identifier), out var current))
            {
                plan.Inserts.Add(row);
                continue;
            }

            // Presence churns every few minutes: a status-only difference is no change (it is written with real ones).
            var wanted = keepStatusWhenAbsent && row.UserStatus is null ? row with { UserStatus = current.Row.UserStatus } : row;
            if (current.Active && wanted with { UserStatus = current.Row.UserStatus } == current.Row)
            {
                plan.Unchanged.Add(current.Id);
            }
            else
            {
                plan.Updates.Add((current.Id, wanted));
            }
        }

        // Whatever is left belongs to the page's people but is no longer theirs at the vendor.
        plan.Deactivations.AddRange(existing.Values.Where(e => e.Active).Select(e => e.Id));
        return plan;
    }

    /// <summary>
    /// Writes a plan in the context's current transaction. <paramref name="syncStamp"/> &gt; 0 marks every row the vendor
    /// showed (a full run); 0 leaves stamps as they are (an incremental run). Returns the deactivated ids.
    /// </summary>
    public static async Task ApplyAsync(DbContext db, Guid profileId, SubscriptionPagePlan plan, long syncStamp, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(plan);
        var values = SqlValues.For(db);
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            if (plan.Inserts.Count > 0)
            {
                await using var insert = SqlValues.Command(db, """
                    INSERT INTO "SoftwareSubscriptions" ("ProfileId", "ExternalUserId", "Identifier", "UserPrincipalName", "DisplayName",
                        "ModelId", "ExternalCreated", "LastActivity", "InvitePending", "LoginEnabled", "Roles", "TimeZone", "UserType",
                        "UserStatus", "Active", "Excluded", "DeactivatedAt", "FirstSeenAt", "UpdatedAt", "SyncStamp")
                    VALUES (@profile, @user, @identifier, @upn, @name, @model, @created, NULL, @invite, @login, @roles, @tz, @type,
                        @status, @active, @excluded, NULL, @now, @now, @stamp)
                    """);
                SqlValues.Add(insert, "@profile", values.Guid(profileId));
                SqlValues.Add(insert, "@now", values.Time(now));
                SqlValues.Add(insert, "@stamp", syncStamp);
                SqlValues.Add(insert, "@active", true);
                var parameters = RowParameters(insert);
                await insert.PrepareAsync(cancellationToken);
                foreach (var row in plan.Inserts)
                {
                    parameters.Bind(row, values);
                    await insert.ExecuteNonQueryAsync(cancellationToken);
                }
            }

            if (plan.Updates.Count > 0)
            {
                await using var update = SqlValues.Command(db, """
                    UPDATE "SoftwareSubscriptions" SET "ExternalUserId" = @user, "Identifier" = @identifier, "UserPrincipalName" = @upn,
                        "DisplayName" = @name, "ModelId" = @model, "ExternalCreated" = @created, "InvitePending" = @invite,
                        "LoginEnabled" = @login, "Roles" = @roles, "TimeZone" = @tz, "UserType" = @type, "UserStatus" = @status,
                        "Active" = @active, "Excluded" = @excluded, "DeactivatedAt" = NULL, "UpdatedAt" = @now,
                        "SyncStamp" = CASE WHEN @stamp > 0 THEN @stamp ELSE "SyncStamp" END
                    WHERE "Id" = @id
                    """);
                SqlValues.Add(update, "@now", values.Time(now));
                SqlValues.Add(update, "@stamp", syncStamp);
                SqlValues.Add(update, "@active", true);
                var id = SqlValues.Add(update, "@id", 0L);
                var parameters = RowParameters(update);
                await update.PrepareAsync(cancellationToken);
                foreach (var (rowId, row) in plan.Updates)
                {
                    id.Value = rowId;
                    parameters.Bind(row, values);
                    await update.ExecuteNonQueryAsync(cancellationToken);
                }
            }

            if (syncStamp > 0)
            {
                await ForIdsAsync(db, "UPDATE \"SoftwareSubscriptions\" SET \"SyncStamp\" = @stamp WHERE \"Id\" IN ", plan.Unchanged, c => SqlValues.Add(c, "@stamp", syncStamp), cancellationToken);
            }

            await DeactivateAsync(db, plan.Deactivations, now, cancellationToken);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>The ids of a profile's active rows a full run with <paramref name="syncStamp"/> did not see.</summary>
    public static async Task<List<long>> UnseenAsync(DbContext db, Guid profileId, long syncStamp, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var values = SqlValues.For(db);
        var ids = new List<long>();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = SqlValues.Command(db, """
                SELECT "Id" FROM "SoftwareSubscriptions" WHERE "ProfileId" = @profile AND "Active" = @active AND "SyncStamp" <> @stamp
                """);
            SqlValues.Add(command, "@profile", values.Guid(profileId));
            SqlValues.Add(command, "@active", true);
            SqlValues.Add(command, "@stamp", syncStamp);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                ids.Add(reader.GetInt64(0));
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        return ids;
    }

    /// <summary>Deactivates these rows (Active false, DeactivatedAt now) in the current transaction.</summary>
    public static async Task DeactivateAsync(DbContext db, IReadOnlyList<long> ids, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var values = SqlValues.For(db);
        await ForIdsAsync(
            db,
            "UPDATE \"SoftwareSubscriptions\" SET \"Active\" = @inactive, \"DeactivatedAt\" = @now, \"UpdatedAt\" = @now WHERE \"Id\" IN ",
            ids,
            c =>
            {
                SqlValues.Add(c, "@inactive", false);
                SqlValues.Add(c, "@now", values.Time(now));
            },
            cancellationToken);
    }

    /// <summary>Recounts the active subscriptions of each unrecognized identifier of the profile.</summary>
    public static async Task RecountUnrecognizedAsync(DbContext db, Guid profileId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var values = SqlValues.For(db);
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = SqlValues.Command(db, """
                UPDATE "UnrecognizedSubscriptionIdentifiers" SET "SubscriptionCount" = (
                    SELECT COUNT(*) FROM "SoftwareSubscriptions" s
                    WHERE s."ProfileId" = "UnrecognizedSubscriptionIdentifiers"."ProfileId"
                      AND s."Identifier" = "UnrecognizedSubscriptionIdentifiers"."Identifier" AND s."Active" = @active)
                WHERE "ProfileId" = @profile
                """);
            SqlValues.Add(command, "@profile", values.Guid(profileId));
            SqlValues.Add(command, "@active", true);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task ForIdsAsync(DbContext db, string statement, IReadOnlyList<long> ids, Action<System.Data.Common.DbCommand> addParameters, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return;
        }

        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            foreach (var chunk in ids.Chunk(IdChunk))
            {
                var sql = new StringBuilder(statement).Append('(');
                for (var i = 0; i < chunk.Length; i++)
                {
                    sql.Append(i == 0 ? "@i" : ", @i").Append(i);
                }

                sql.Append(')');
                await using var command = SqlValues.Command(db, sql.ToString());
                addParameters(command);
                for (var i = 0; i < chunk.Length; i++)
                {
                    SqlValues.Add(command, "@i" + i, chunk[i]);
                }

                await command.ExecuteNonQueryAsync(cancellationToken);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static RowBinder RowParameters(System.Data.Common.DbCommand command) => new(
        SqlValues.Add(command, "@user", ""),
        SqlValues.Add(command, "@identifier", ""),
        SqlValues.Add(command, "@upn", DBNull.Value),
        SqlValues.Add(command, "@name", DBNull.Value),
        SqlValues.Add(command, "@model", DBNull.Value),
        SqlValues.Add(command, "@created", DBNull.Value),
        SqlValues.Add(command, "@invite", DBNull.Value),
        SqlValues.Add(command, "@login", DBNull.Value),
        SqlValues.Add(command, "@roles", DBNull.Value),
        SqlValues.Add(command, "@tz", DBNull.Value),
        SqlValues.Add(command, "@type", DBNull.Value),
        SqlValues.Add(command, "@status", DBNull.Value),
        SqlValues.Add(command, "@excluded", false));

    private sealed record Existing(long Id, SubscriptionRow Row, bool Active);

    private sealed record RowBinder(
        System.Data.Common.DbParameter User,
        System.Data.Common.DbParameter Identifier,
        System.Data.Common.DbParameter Upn,
        System.Data.Common.DbParameter Name,
        System.Data.Common.DbParameter Model,
        System.Data.Common.DbParameter Created,
        System.Data.Common.DbParameter Invite,
        System.Data.Common.DbParameter Login,
        System.Data.Common.DbParameter Roles,
        System.Data.Common.DbParameter TimeZone,
        System.Data.Common.DbParameter Type,
        System.Data.Common.DbParameter Status,
        System.Data.Common.DbParameter Excluded)
    {
        public void Bind(SubscriptionRow row, SqlValues values)
        {
            User.Value = row.ExternalUserId;
            Identifier.Value = row.Identifier;
            Upn.Value = SqlValues.Text(row.UserPrincipalName);
            Name.Value = SqlValues.Text(row.DisplayName);
            Model.Value = values.NullableGuid(row.ModelId);
            Created.Value = values.NullableTime(row.ExternalCreated);
            Invite.Value = SqlValues.Flag(row.InvitePending);
            Login.Value = SqlValues.Flag(row.LoginEnabled);
            Roles.Value = SqlValues.Text(row.Roles);
            TimeZone.Value = SqlValues.Text(row.TimeZone);
            Type.Value = SqlValues.Text(row.UserType);
            Status.Value = SqlValues.Text(row.UserStatus);
            Excluded.Value = row.Excluded;
        }
    }
}
