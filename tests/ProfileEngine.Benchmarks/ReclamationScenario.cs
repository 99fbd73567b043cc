using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ProfileEngine.Audit;
using ProfileEngine.Connectors.Webex;
using ProfileEngine.Persistence;
using ProfileEngine.Profiles;
using ProfileEngine.Reclamation;
using ProfileEngine.Subscriptions;
using ProfileEngine.WebexSimulator;

namespace ProfileEngine.Benchmarks;

/// <summary>
/// Rule evaluation over N subscriptions (one in ten stale, so N/10 candidates) and the start of every candidate's flow,
/// each against a floor measured in the same run: one hand-written INSERT … SELECT doing the evaluation's selection and
/// writes, and hand-written commits of one instance and one bookmark per flow (the workflow benchmark's floor).
/// </summary>
public static class ReclamationScenario
{
    public static async Task RunAsync(int subscriptions, TextWriter output, CancellationToken ct)
    {
        await using var engine = await BenchEngine.StartAsync(new SimulatorOptions { Users = 20, Seed = 7 }, ct);
        foreach (var file in new[] { WebexSubflows.Download, WebexSubflows.Activity, WebexSubflows.Reclaim, CandidateFlows.DefinitionId })
        {
            await engine.ImportWorkflowAsync(file + ".json", ct);
        }

        var profile = await engine.SendAsync(s => s.Send(new CreateProfile("Bench Webex"), ct));
        await engine.SendAsync(s => s.Send(new CreateReclamationRule(profile.Id, null, new ReclamationRuleSettings("Unused")), ct));
        var now = TimeProvider.System.GetUtcNow();
        await SeedAsync(engine, profile.Id, subscriptions, now, ct);
        var stale = subscriptions / 10;

        var floorEvaluation = await FloorEvaluationAsync(engine.DatabasePath, profile.Id, now, ct);
        var evaluator = engine.Services.GetRequiredService<RuleEvaluator>();
        var sampler = HeapSampler.Start();
        using var sampling = Sampling(sampler);
        var watch = Stopwatch.StartNew();
        var counts = await evaluator.EvaluateAsync(profile.Id, "benchmark", ct);
        var evaluation = watch.Elapsed;
        sampler.SampleLive();
        var evaluationHeap = sampler.PeakAboveBaseline;
        if (counts.Created != stale)
        {
            throw new InvalidOperationException($"evaluation created {counts.Created} candidates, expected {stale}");
        }

        var folder = Directory.CreateTempSubdirectory("pe-bench-flows-").FullName;
        (double Start, double Resume) floorFlows;
        try
        {
            floorFlows = await WorkflowScenario.FloorAsync(Path.Combine(folder, "floor.db"), stale, ct);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }

        watch.Restart();
        var started = await engine.Services.GetRequiredService<CandidateFlows>().StartPendingAsync(profile.Id, ct);
        var flows = watch.Elapsed;
        if (started != stale)
        {
            throw new InvalidOperationException($"{started} flows started, expected {stale}");
        }

        static string F(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
        await output.WriteLineAsync();
        await output.WriteLineAsync("| step | items | floor | engine | engine/floor |");
        await output.WriteLineAsync("|---|---:|---:|---:|---:|");
        await output.WriteLineAsync($"| evaluate rules ({F(subscriptions, "N0")} subscriptions → {F(stale, "N0")} candidates) | {F(subscriptions, "N0")} | {F(floorEvaluation.TotalSeconds, "F2")} s | {F(evaluation.TotalSeconds, "F2")} s | {F(evaluation / floorEvaluation, "F2")}× |");
        await output.WriteLineAsync($"| start candidate flows (Ready, waiting for a reviewer) | {F(stale, "N0")} | {F(floorFlows.Start, "N0")} /s | {F(stale / flows.TotalSeconds, "N0")} /s | {F(stale / flows.TotalSeconds / floorFlows.Start, "P0")} of the floor's rate |");
        await output.WriteLineAsync();
        await output.WriteLineAsync($"evaluation peak managed heap above baseline {F(evaluationHeap / 1024d / 1024d, "F1")} MiB; {Environment.ProcessorCount} cores");
    }

    private static async Task SeedAsync(BenchEngine engine, Guid profileId, int count, DateTimeOffset now, CancellationToken ct)
    {
        var factory = engine.Services.GetRequiredService<IDbContextFactory<ProfileEngineDbContext>>();
        var models = new List<Guid>();
        await using (var db = await factory.CreateDbContextAsync(ct))
        {
            foreach (var edition in new[] { "Meetings Enterprise", "Calling Professional", "Advanced Messaging" })
            {
                var id = Guid.CreateVersion7(now);
                models.Add(id);
                db.SoftwareModels.Add(new SoftwareModel { Id = id, ProfileType = WebexConnector.ProfileType, Publisher = "Cisco", Product = "Webex", Edition = edition, UnitPrice = 144, CreatedAt = now, UpdatedAt = now });
            }

            // As the activity subflow records it after reading 90 days: the 60-day rule is covered.
            db.ActivityCoverages.Add(new ProfileEngine.UserActivity.ActivityCoverage { ProfileId = profileId, Product = "Webex", CoveredFrom = now.AddDays(-90), CoveredUntil = now, UpdatedAt = now });

            await db.SaveChangesAsync(ct);
        }

        for (var start = 0; start < count; start += 10_000)
        {
            await using var db = await factory.CreateDbContextAsync(ct);
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            for (var i = start; i < Math.Min(count, start + 10_000); i++)
            {
                db.SoftwareSubscriptions.Add(new SoftwareSubscription
                {
                    ProfileId = profileId,
                    ExternalUserId = string.Create(CultureInfo.InvariantCulture, $"person-{i}"),
                    UserPrincipalName = string.Create(CultureInfo.InvariantCulture, $"user{i}@example.com"),
                    DisplayName = string.Create(CultureInfo.InvariantCulture, $"User {i}"),
                    Identifier = string.Create(CultureInfo.InvariantCulture, $"license-{i % 3}"),
                    ModelId = models[i % 3],
                    ExternalCreated = now.AddDays(-400),
                    LastActivity = i % 10 == 0 ? now.AddDays(-90 - (i % 30)) : now.AddDays(-(i % 50)),
                    Active = true,
                    FirstSeenAt = now.AddDays(-300),
                    UpdatedAt = now,
                });
            }

            await db.SaveChangesAsync(ct);
        }
    }

    /// <summary>The evaluation's selection and writes as one hand-written statement; its rows are deleted again after.</summary>
    private static async Task<TimeSpan> FloorEvaluationAsync(string databasePath, Guid profileId, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath }.ToString());
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO RemovalCandidates (ProfileId, ProfileName, SubscriptionId, OpenSubscriptionId, ExternalUserId, UserPrincipalName, DisplayName,
                Identifier, ModelId, State, Justification, InactiveDays, LastActivity, PotentialSavings, NotifyUser, DaysBeforeAutoReclamation,
                ReclaimWithoutReview, OpenedAt, UpdatedAt, ReclaimAttempts, Version)
            SELECT s.ProfileId, 'Bench Webex', s.Id, s.Id, s.ExternalUserId, s.UserPrincipalName, s.DisplayName, s.Identifier, s.ModelId, 'Ready',
                'Low Usage', ($now - s.LastActivity) / 864000000000, s.LastActivity, 144, 0, 7, 0, $now, $now, 0, 0
            FROM SoftwareSubscriptions s JOIN SoftwareModels m ON m.Id = s.ModelId
            WHERE s.ProfileId = $profile AND s.Active = 1 AND s.Excluded = 0 AND m.IsFree = 0 AND s.LastActivity < $cutoff
              AND NOT EXISTS (SELECT 1 FROM RemovalCandidates c WHERE c.OpenSubscriptionId = s.Id)
            """;
        command.Parameters.AddWithValue("$profile", profileId.ToString().ToUpperInvariant());
        command.Parameters.AddWithValue("$now", now.UtcTicks);
        command.Parameters.AddWithValue("$cutoff", now.AddDays(-60).UtcTicks);
        var watch = Stopwatch.StartNew();
        var inserted = await command.ExecuteNonQueryAsync(ct);
        var elapsed = watch.Elapsed;
        if (inserted == 0)
        {
            throw new InvalidOperationException("the floor's INSERT … SELECT found no stale subscription; check the seed's column formats");
        }

        await using var cleanup = connection.CreateCommand();
        cleanup.CommandText = "DELETE FROM RemovalCandidates";
        await cleanup.ExecuteNonQueryAsync(ct);
        return elapsed;
    }

    private static Timer Sampling(HeapSampler sampler) => new Timer(_ => sampler.Sample(), null, TimeSpan.Zero, TimeSpan.FromMilliseconds(100));
}
