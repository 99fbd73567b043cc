using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ProfileEngine.Persistence;
using ProfileEngine.Profiles;
using ProfileEngine.Reclamation;
using ProfileEngine.WebexSimulator;
using ProfileEngine.Workflows.Definitions;
using ProfileEngine.Workflows.Loading;
using ProfileEngine.Workflows.Persistence;
using ProfileEngine.Workflows.Runtime;

namespace ProfileEngine.Benchmarks;

/// <summary>
/// The workflow benchmark's second part, on the engine's own database: N starts of the bare waiting flow, then the
/// flows of N Ready removal candidates (sam-removal-candidate.json: the reviewer's step reads its candidate and claims
/// it in the commit of its bookmark). The ratio is what the candidate flow costs above the bare runtime.
/// </summary>
public static class CandidateFlowScenario
{
    private const int Slice = 500;

    public static async Task<(double Bare, double Candidates)> RunAsync(int instances, CancellationToken ct)
    {
        await using var engine = await BenchEngine.StartAsync(new SimulatorOptions { Users = 20, Seed = 7 }, ct);
        await engine.ImportWorkflowAsync(CandidateFlows.DefinitionId + ".json", ct);
        var read = DefinitionReader.Read(WorkflowScenario.Definition, "bench.json");
        await engine.Services.GetRequiredService<WorkflowDefinitionStore>().ImportAsync(read.Definition!, "bench.json", ct);
        var profile = await engine.SendAsync(s => s.Send(new CreateProfile("Bench Webex"), ct));
        const int warmUp = 300;
        await SeedCandidatesAsync(engine, profile.Id, warmUp + instances, ct);
        var runtime = engine.Services.GetRequiredService<IWorkflowRuntime>();
        var flows = engine.Services.GetRequiredService<CandidateFlows>();
        var ids = await CandidateIdsAsync(engine, ct);
        for (var i = 0; i < warmUp; i++)
        {
            Expect(await runtime.StartAsync(WorkflowScenario.DefinitionId, correlationId: "warm-up", cancellationToken: ct), i);
            Expect(await flows.StartAsync(ids[i], ct), i);
        }

        // Taking turns in slices, as the workflow benchmark does, so a load swing falls on both.
        var (bareTime, candidateTime) = (TimeSpan.Zero, TimeSpan.Zero);
        for (var from = 0; from < instances; from += Slice)
        {
            var to = Math.Min(instances, from + Slice);
            var watch = Stopwatch.StartNew();
            for (var i = from; i < to; i++)
            {
                Expect(await runtime.StartAsync(WorkflowScenario.DefinitionId, correlationId: WorkflowScenario.Correlation(i), cancellationToken: ct), i);
            }

            bareTime += watch.Elapsed;
            watch.Restart();
            for (var i = from; i < to; i++)
            {
                Expect(await flows.StartAsync(ids[warmUp + i], ct), i);
            }

            candidateTime += watch.Elapsed;
        }

        await using (var db = await engine.Services.GetRequiredService<IDbContextFactory<ProfileEngineDbContext>>().CreateDbContextAsync(ct))
        {
            var unclaimed = await db.RemovalCandidates.CountAsync(c => c.WorkflowInstanceId == null, ct);
            if (unclaimed != 0)
            {
                throw new InvalidOperationException($"{unclaimed} candidates were not claimed by their flow");
            }
        }

        return (instances / bareTime.TotalSeconds, instances / candidateTime.TotalSeconds);
    }

    private static void Expect(WorkflowRunResult run, int i)
    {
        if (run.Status != WorkflowStatus.Suspended)
        {
            throw new InvalidOperationException($"Flow {i} is {run.Status}: {run.FaultMessage}");
        }
    }

    /// <summary>Ready candidates as rule evaluation leaves them, written directly (the evaluation is not what is measured).</summary>
    private static async Task SeedCandidatesAsync(BenchEngine engine, Guid profileId, int count, CancellationToken ct)
    {
        var factory = engine.Services.GetRequiredService<IDbContextFactory<ProfileEngineDbContext>>();
        var now = TimeProvider.System.GetUtcNow();
        await using var db = await factory.CreateDbContextAsync(ct);
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        for (var i = 0; i < count; i++)
        {
            db.RemovalCandidates.Add(new RemovalCandidate
            {
                ProfileId = profileId,
                ProfileName = "Bench Webex",
                ExternalUserId = string.Create(CultureInfo.InvariantCulture, $"person-{i}"),
                UserPrincipalName = string.Create(CultureInfo.InvariantCulture, $"user{i}@example.com"),
                Identifier = "license-0",
                State = CandidateState.Ready,
                InactiveDays = 90,
                LastActivity = now.AddDays(-90),
                PotentialSavings = 144,
                DaysBeforeAutoReclamation = 7,
                OpenedAt = now,
                UpdatedAt = now,
            });
        }

        await db.SaveChangesAsync(ct);
    }

    private static async Task<List<long>> CandidateIdsAsync(BenchEngine engine, CancellationToken ct)
    {
        await using var db = await engine.Services.GetRequiredService<IDbContextFactory<ProfileEngineDbContext>>().CreateDbContextAsync(ct);
        return await db.RemovalCandidates.AsNoTracking().OrderBy(c => c.Id).Select(c => c.Id).ToListAsync(ct);
    }
}
