using Mediator;
using Microsoft.EntityFrameworkCore;
using ProfileEngine.Persistence;
using ProfileEngine.Reclamation;

namespace ProfileEngine.Reconciliation;

/// <summary>
/// The SaaS Overview dashboard, computed now (a few GROUP BY queries): assigned and stale subscriptions with
/// % unused = stale ÷ assigned, the money figures of <see cref="CompliancePositions"/> per currency (current spend =
/// used rights × price), and stale subscriptions and potential savings by profile. A subscription is stale when its
/// last activity (or, never active, its creation) is older than the threshold of the active reclamation rule that
/// applies to it (the model's own rule, else the profile's), or <see cref="ReclamationRule.DefaultThresholdDays"/>
/// days without a rule.
/// </summary>
public sealed record GetDashboard : IQuery<Dashboard>;

public sealed record Dashboard(
    DateTimeOffset At,
    int AssignedSubscriptions,
    int StaleSubscriptions,
    decimal UnusedPercent,
    IReadOnlyList<CurrencyTotals> Money,
    IReadOnlyList<ProfileFigures> ByProfile,
    DateTimeOffset? LastReconciledAt);

public sealed record MoneyAmount(string Currency, decimal Amount);

/// <summary>One profile's row: its assigned and stale subscriptions and its open candidates' potential savings.</summary>
public sealed record ProfileFigures(Guid ProfileId, string ProfileName, int AssignedSubscriptions, int StaleSubscriptions, IReadOnlyList<MoneyAmount> PotentialSavings);

public sealed class GetDashboardHandler(ProfileEngineDbContext db, TimeProvider clock) : IQueryHandler<GetDashboard, Dashboard>
{
    public async ValueTask<Dashboard> Handle(GetDashboard query, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var positions = await CompliancePositions.ComputeAsync(db, now, cancellationToken);
        var staleByProfile = await StaleByProfileAsync(now, cancellationToken);
        var savingsByProfile = await db.RemovalCandidates.AsNoTracking()
            .Where(c => c.State != CandidateState.ClosedComplete && c.State != CandidateState.ClosedSkipped && c.State != CandidateState.ClosedCanceled)
            .GroupBy(c => new { c.ProfileId, c.Currency })
            .Select(g => new { g.Key.ProfileId, g.Key.Currency, ProfileName = g.Max(c => c.ProfileName), Amount = g.Sum(c => c.PotentialSavings) })
            .ToListAsync(cancellationToken);
        var profileIds = staleByProfile.Keys.Concat(savingsByProfile.Select(s => s.ProfileId)).ToHashSet();
        var profileNames = await db.IntegrationProfiles.AsNoTracking().Where(p => profileIds.Contains(p.Id))
            .Select(p => new { p.Id, p.DisplayName })
            .ToDictionaryAsync(p => p.Id, p => p.DisplayName, cancellationToken);

        var byProfile = profileIds.Select(id =>
        {
            var (assigned, stale) = staleByProfile.GetValueOrDefault(id);
            var savings = savingsByProfile.Where(s => s.ProfileId == id).ToList();
            var name = profileNames.GetValueOrDefault(id) ?? savings.Select(s => s.ProfileName).FirstOrDefault() ?? id.ToString();
            return new ProfileFigures(id, name, assigned, stale, [.. savings
                .Where(s => s.Amount != 0)
                .Select(s => new MoneyAmount(s.Currency ?? ModelPrices.ListPriceCurrency, s.Amount))
                .OrderBy(m => m.Currency, StringComparer.Ordinal)]);
        }).OrderBy(p => p.ProfileName, StringComparer.Ordinal).ToList();

        var totalAssigned = byProfile.Sum(p => p.AssignedSubscriptions);
        var totalStale = byProfile.Sum(p => p.StaleSubscriptions);
        var lastReconciledAt = await db.Set<ReconciliationRun>().AsNoTracking()
            .OrderByDescending(r => r.At).Select(r => (DateTimeOffset?)r.At).FirstOrDefaultAsync(cancellationToken);
        return new Dashboard(
            now,
            totalAssigned,
            totalStale,
            totalAssigned == 0 ? 0m : decimal.Round(totalStale * 100m / totalAssigned, 1),
            CurrencyTotals.Of(positions),
            byProfile,
            lastReconciledAt);
    }

    /// <summary>
    /// Assigned and stale counts per profile. Thresholds differ per profile and model, so the stale count is one
    /// grouped query per distinct threshold (usually one or two), each read only for the pairs that use it.
    /// </summary>
    private async Task<Dictionary<Guid, (int Assigned, int Stale)>> StaleByProfileAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var assigned = await AssignedSubscriptions.Of(db).AsNoTracking()
            .GroupBy(s => new { s.ProfileId, ModelId = s.ModelId!.Value })
            .Select(g => new { g.Key.ProfileId, g.Key.ModelId, Count = g.Count() })
            .ToListAsync(cancellationToken);
        var rules = await db.ReclamationRules.AsNoTracking().Where(r => r.Active).OrderBy(r => r.CreatedAt).ToListAsync(cancellationToken);
        var thresholdOf = assigned.ToDictionary(
            a => (a.ProfileId, a.ModelId),
            a => (rules.FirstOrDefault(r => r.ProfileId == a.ProfileId && r.ModelId == a.ModelId)
                  ?? rules.FirstOrDefault(r => r.ProfileId == a.ProfileId && r.ModelId == null))?.LastActivityThresholdDays
                 ?? ReclamationRule.DefaultThresholdDays);

        var staleOf = new Dictionary<(Guid ProfileId, Guid ModelId), int>();
        foreach (var threshold in thresholdOf.Values.Distinct())
        {
            var cutoff = now.AddDays(-threshold);
            var counts = await AssignedSubscriptions.Of(db).AsNoTracking()
                .Where(s => s.LastActivity != null ? s.LastActivity < cutoff : (s.ExternalCreated ?? s.FirstSeenAt) < cutoff)
                .GroupBy(s => new { s.ProfileId, ModelId = s.ModelId!.Value })
                .Select(g => new { g.Key.ProfileId, g.Key.ModelId, Count = g.Count() })
                .ToListAsync(cancellationToken);
            foreach (var count in counts.Where(c => thresholdOf[(c.ProfileId, c.ModelId)] == threshold))
            {
                staleOf[(count.ProfileId, count.ModelId)] = count.Count;
            }
        }

        return assigned.GroupBy(a => a.ProfileId).ToDictionary(
            g => g.Key,
            g => (g.Sum(a => a.Count), g.Sum(a => staleOf.GetValueOrDefault((a.ProfileId, a.ModelId)))));
    }
}
