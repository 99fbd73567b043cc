using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Configuration;
using ProfileEngine.Persistence;
using ProfileEngine.Persistence.PostgreSql;
using ProfileEngine.Audit;
using ProfileEngine.Tests.Support;

namespace ProfileEngine.Tests.Persistence;

/// <summary>PostgreSQL's migrations: they capture the whole model, and the engine applies them to a real server at start-up.</summary>
public sealed class PostgreSqlMigrationTests
{
    [Fact]
    public void The_PostgreSql_migrations_capture_the_whole_model_and_the_engine_names_their_assembly()
    {
        using var db = new ProfileEngineDbContext(PostgreSqlMigrations.Options("Host=localhost;Database=never-opened"));

        Assert.Equal("Npgsql.EntityFrameworkCore.PostgreSQL", db.Database.ProviderName);
        Assert.Equal(PersistenceServiceCollectionExtensions.PostgreSqlMigrationsAssembly, PostgreSqlMigrations.AssemblyName);
        Assert.False(db.Database.HasPendingModelChanges(), "the model has changes the PostgreSQL migrations do not capture");
        var migrations = db.GetService<IMigrationsAssembly>();
        Assert.Equal(typeof(PostgreSqlMigrations).Assembly, migrations.Assembly);
        var script = db.GetService<IMigrator>().GenerateScript();
        Assert.Contains("CREATE TABLE \"ActivityCoverages\"", script, StringComparison.Ordinal);
        Assert.Contains("timestamp with time zone", script, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_engine_migrates_an_empty_PostgreSql_database_at_start_up_and_a_second_start_changes_nothing()
    {
        using var data = new TempDataFolder(DatabaseProvider.PostgreSql);
        var offset = new DateTimeOffset(2026, 3, 2, 11, 0, 0, TimeSpan.FromHours(2));
        await using (var engine = await EngineHarness.StartAsync(data: data))
        {
            await engine.QueryDbAsync(async db =>
            {
                Assert.True(db.Database.IsNpgsql());
                Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
                Assert.Empty(await db.Database.GetPendingMigrationsAsync());
                db.AuditEntries.Add(new AuditEntry { At = offset, Actor = "tests", Action = "create", EntityType = "Test", EntityId = "1", Change = "Acme on PostgreSQL" });
                await db.SaveChangesAsync();
                return 0;
            });
        }

        await using var again = await EngineHarness.StartAsync(data: data);
        var outcome = await again.QueryDbAsync(db => DatabaseMigrator.MigrateAsync(db, CancellationToken.None));
        Assert.Empty(outcome.Baselined);
        Assert.Empty(outcome.Applied);
        var read = await again.QueryDbAsync(db => db.AuditEntries.AsNoTracking().SingleAsync(e => e.EntityType == "Test"));
        Assert.Equal("Acme on PostgreSQL", read.Change);
        // A time with an offset is stored as the same instant (timestamptz keeps UTC).
        Assert.Equal(offset.UtcDateTime, read.At.UtcDateTime);
        Assert.Equal(TimeSpan.Zero, read.At.Offset);
    }

    [Theory]
    [InlineData("Oracle", "Provider 'Oracle' is not a database provider")]
    [InlineData("PostgreSql", "ConnectionString is required when ProfileEngine:Database:Provider is PostgreSql")]
    public void Bad_database_settings_stop_start_up_naming_the_setting(string provider, string expected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ProfileEngine:Database:Provider"] = provider,
        }).Build();

        var error = Assert.Throws<InvalidOperationException>(() => PersistenceServiceCollectionExtensions.ReadOptions(configuration));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_malformed_connection_string_is_refused_without_repeating_its_password()
    {
        var options = new DatabaseOptions { Provider = DatabaseProvider.PostgreSql, ConnectionString = "Host=db;Database=pe;Password=s3cret-value;Bogus Key=1" };

        var problems = options.Problems();

        var problem = Assert.Single(problems);
        Assert.Contains("ProfileEngine:Database:ConnectionString is not a valid PostgreSQL connection string", problem, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-value", problem, StringComparison.Ordinal);
    }
}
