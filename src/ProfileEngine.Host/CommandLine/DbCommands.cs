using System.CommandLine;
using Microsoft.EntityFrameworkCore;
using ProfileEngine.Persistence;

namespace ProfileEngine.Host.CommandLine;

/// <summary>
/// <c>db migrate</c>: applies the pending migrations to the configured data folder's database (baselining one the
/// release before migrations made) and prints what it did. <c>db status</c>: lists applied and pending migrations, changes nothing.
/// </summary>
public static class DbCommands
{
    public static Command Create(VerbRunner verb)
    {
        ArgumentNullException.ThrowIfNull(verb);
        var migrate = new Command("migrate", "applies pending database migrations and prints them");
        verb.Handle(migrate, async (engine, _, cancellationToken) =>
        {
            MigrationOutcome outcome;
            try
            {
                outcome = await PersistenceServiceCollectionExtensions.MigrateDatabaseAsync(
                    engine.Services.GetRequiredService<IDbContextFactory<ProfileEngineDbContext>>(), engine.Services.GetRequiredService<IConfiguration>(), engine.Services.GetServices<ProfileEngine.Connectors.VendorConnector>(), cancellationToken);
            }
            catch (InvalidOperationException refused)
            {
                await engine.Error.WriteLineAsync(refused.Message);
                return 2;
            }

            foreach (var id in outcome.Baselined)
            {
                await engine.Output.WriteLineAsync($"Recorded {id} (already in the database).");
            }

            foreach (var id in outcome.Applied)
            {
                await engine.Output.WriteLineAsync($"Applied {id}.");
            }

            if (outcome.Baselined.Count == 0 && outcome.Applied.Count == 0)
            {
                await engine.Output.WriteLineAsync("The database is up to date.");
            }

            return 0;
        }, migrate: false);

        var status = new Command("status", "lists applied and pending database migrations");
        verb.Handle(status, async (engine, _, cancellationToken) =>
        {
            await using var db = await engine.Services.GetRequiredService<IDbContextFactory<ProfileEngineDbContext>>().CreateDbContextAsync(cancellationToken);
            var current = await DatabaseMigrator.GetStatusAsync(db, cancellationToken);
            foreach (var id in current.Applied)
            {
                await engine.Output.WriteLineAsync($"applied  {id}");
            }

            foreach (var id in current.Pending)
            {
                await engine.Output.WriteLineAsync($"pending  {id}");
            }

            if (current.NeedsBaseline)
            {
                await engine.Output.WriteLineAsync("The database was made before migrations; db migrate records what it already has, then applies the rest.");
            }

            return 0;
        }, migrate: false);
        return new Command("db", "the engine's database schema") { migrate, status };
    }
}
