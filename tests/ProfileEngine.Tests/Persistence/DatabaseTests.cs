using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using ProfileEngine.Connections;
using ProfileEngine.Persistence;
using ProfileEngine.Tests.Support;
using ProfileEngine.Connectors.Webex;

namespace ProfileEngine.Tests.Persistence;

public sealed class DatabaseTests
{
    [Fact]
    public async Task The_database_is_one_file_under_the_data_folder_in_WAL_mode()
    {
        await using var engine = await EngineHarness.StartAsync();
        var file = engine.Data.File(PersistenceServiceCollectionExtensions.DatabaseFileName);

        Assert.True(File.Exists(file), $"{file} was not created");
        // journal_mode=WAL is recorded in the file itself, so a plain connection sees it.
        await using var plain = new SqliteConnection($"Data Source={file};Pooling=False");
        await plain.OpenAsync();
        Assert.Equal("wal", await ScalarAsync(plain, "PRAGMA journal_mode"));

        // synchronous is per connection: the engine's own connections run NORMAL (1), a plain one FULL (2).
        Assert.Equal("2", await ScalarAsync(plain, "PRAGMA synchronous"));
        await using var db = await engine.Get<IDbContextFactory<ProfileEngineDbContext>>().CreateDbContextAsync();
        await db.Database.OpenConnectionAsync();
        Assert.Equal("1", await ScalarAsync(db.Database.GetDbConnection(), "PRAGMA synchronous"));
    }

    [Fact]
    public async Task Each_connectors_four_parent_aliases_are_there_with_the_scopes_of_their_processes()
    {
        await using var engine = await EngineHarness.StartAsync();

        var all = await engine.QueryDbAsync(db => db.ConnectionAliases.OrderBy(a => a.Name).ToListAsync());
        var aliases = all.Where(a => a.Name.StartsWith("webex_", StringComparison.Ordinal)).ToList();

        // SCIM has no scopes: its aliases only choose the processes.
        Assert.Equal(
            [("scim_application", false, false), ("scim_application_activity", true, false), ("scim_application_activity_reclaim", true, true), ("scim_application_reclaim", false, true)],
            all.Where(a => a.Name.StartsWith("scim_", StringComparison.Ordinal)).Select(a => (a.Name, a.DownloadActivity, a.ReclaimSubscriptions)));
        Assert.All(all.Where(a => a.Name.StartsWith("scim_", StringComparison.Ordinal)), a => Assert.Equal("", a.RequiredScopes));
        Assert.Equal(8, all.Count);

        Assert.Equal(
            [
                ("webex_subscription", "spark-admin:licenses_read spark-admin:people_read"),
                ("webex_subscription_activity", "meeting:admin_schedule_read spark-admin:licenses_read spark-admin:people_read spark-compliance:events_read"),
                ("webex_subscription_activity_reclaim", "meeting:admin_schedule_read spark-admin:licenses_read spark-admin:people_read spark-admin:people_write spark-compliance:events_read spark:messages_write"),
                ("webex_subscription_reclaim", "spark-admin:licenses_read spark-admin:people_read spark-admin:people_write spark:messages_write"),
            ],
            aliases.Select(a => (a.Name, a.RequiredScopes)));
        Assert.All(aliases, a => Assert.Null(a.ParentAliasId));
    }

    [Fact]
    public async Task Dates_compare_and_sort_in_SQL_on_SQLite()
    {
        await using var org = await Connections.ConnectedOrg.StartAsync();
        await org.SetDetailsAsync();
        await org.AuthorizeAsync();
        org.Engine.Clock.Advance(TimeSpan.FromMinutes(1));
        await org.AuthorizeAsync();

        var cutoff = EngineHarness.Start.AddSeconds(30);
        var later = await org.Engine.QueryDbAsync(db => db.OAuthAuthorizations.Where(a => a.CreatedAt > cutoff).OrderByDescending(a => a.ExpiresAt).ToListAsync());

        var only = Assert.Single(later);
        Assert.Equal(EngineHarness.Start.AddMinutes(1), only.CreatedAt);
    }

    [Fact]
    public async Task The_database_survives_a_restart_on_the_same_folder()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(EngineHarness.Start);
        using var data = new TempDataFolder(DatabaseProvider.Sqlite);
        await using (var first = await EngineHarness.StartAsync(clock: clock, data: data))
        {
            await first.SendAsync(s => s.Send(new CreateChildAlias("second_org", WebexAliases.Subscription)));
        }

        await using var second = await EngineHarness.StartAsync(clock: clock, data: data);
        var names = await second.QueryDbAsync(db => db.ConnectionAliases.Select(a => a.Name).ToListAsync());
        Assert.Contains("second_org", names);
        Assert.Equal(9, names.Count); // each connector's four parents (not created twice), and the child

    }

    private static async Task<string?> ScalarAsync(System.Data.Common.DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
