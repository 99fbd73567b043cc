using Microsoft.EntityFrameworkCore;
using ProfileEngine.Persistence;
using ProfileEngine.Reclamation;

namespace ProfileEngine.Reconciliation;

/// <summary>
/// One software model's compliance position (a License Workbench row). Money is per year, in <see cref="Currency"/>,
/// at <see cref="UnitPrice"/>: the model's price per right from <see cref="ModelPrices"/> (null: nobody priced it, so
/// its amounts are 0 and its currency is the list-price currency).
/// </summary>
public sealed record ModelPosition(
    Guid ModelId,
    string ModelName,
    int RightsOwned,
    int RightsUsed,
    int RightsAvailable,
    int Unlicensed,
    decimal? UnitPrice,
    string Currency,
    bool PriceFromEntitlements,
    decimal CurrentSpend,
    decimal OverLicensedAmount,
    decimal TrueUpCost,
    int OpenCandidates,
    decimal PotentialSavings,
    decimal ActualSavingsYtd,
    decimal ActualSavingsCumulative);

/// <summary>The money figures of several models added up, one row per currency (amounts in two currencies never mix).</summary>
public sealed record CurrencyTotals(
    string Currency,
    decimal CurrentSpend,
    decimal OverLicensedAmount,
    decimal TrueUpCost,
    decimal PotentialSavings,
    decimal ActualSavingsYtd,
    decimal ActualSavingsCumulative)
{
    public static IReadOnlyList<CurrencyTotals> Of(IEnumerable<ModelPosition> positions) =>
        [.. positions.GroupBy(p => p.Currency, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => new CurrencyTotals(
            g.Key,
            g.Sum(p => p.CurrentSpend),
            g.Sum(p => p.OverLicensedAmount),
            g.Sum(p => p.TrueUpCost),
            g.Sum(p => p.PotentialSavings),
            g.Sum(p => p.ActualSavingsYtd),
            g.Sum(p => p.ActualSavingsCumulative)))];
}

/// <summary>
/// Computes every non-free model's position that has assigned subscriptions, entitlements or removal candidates, with
/// a few GROUP BY queries (never loading subscriptions or candidates into memory):
/// <list type="bullet">
/// <item>rights owned: the entitlements in force at <c>now</c>; rights used: the assigned subscriptions across profiles;</item>
/// <item>available = max(owned − used, 0), unlicensed = max(used − owned, 0); over-licensed amount = available × price,
/// true-up cost = unlicensed × price, current spend = used × price (ServiceNow's "Current Subscription Spend": what the
/// licenses in use cost a year, so it falls as licenses are reclaimed; owned × price only moves at a renewal);</item>
/// <item>potential savings: the potential savings of the candidates not closed; actual savings: the Closed Complete
/// candidates' actual savings (their potential savings when none was recorded), year to date (closed since 1 January
/// UTC of <c>now</c>'s year) and cumulative.</item>
/// </list>
/// A model's candidates are taken to be in the model's currency: they are priced from the same <see cref="ModelPrices"/>.
/// </summary>
public static class CompliancePositions
{
    public static async Task<IReadOnlyList<ModelPosition>> ComputeAsync(ProfileEngineDbContext db, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var owned = await db.Entitlements.AsNoTracking()
            .GroupBy(e => e.ModelId)
            .Select(g => new
            {
                ModelId = g.Key,
                Rights = g.Sum(e => (e.StartsAt == null || e.StartsAt <= now) && (e.EndsAt == null || e.EndsAt > now) ? e.RightsOwned : 0),
            })
            .ToDictionaryAsync(x => x.ModelId, x => x.Rights, cancellationToken);

        var used = await AssignedSubscriptions.Of(db).AsNoTracking()
            .GroupBy(s => s.ModelId!.Value)
            .Select(g => new { ModelId = g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.ModelId, x => x.Count, cancellationToken);

        var yearStart = new DateTimeOffset(now.UtcDateTime.Year, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var savings = await db.RemovalCandidates.AsNoTracking()
            .Where(c => c.ModelId != null)
            .GroupBy(c => c.ModelId!.Value)
            .Select(g => new
            {
                ModelId = g.Key,
                Open = g.Count(c => c.State != CandidateState.ClosedComplete && c.State != CandidateState.ClosedSkipped && c.State != CandidateState.ClosedCanceled),
                Potential = g.Sum(c => c.State != CandidateState.ClosedComplete && c.State != CandidateState.ClosedSkipped && c.State != CandidateState.ClosedCanceled
                    ? c.PotentialSavings : 0m),
                Cumulative = g.Sum(c => c.State == CandidateState.ClosedComplete ? c.ActualSavings ?? c.PotentialSavings : 0m),
                Ytd = g.Sum(c => c.State == CandidateState.ClosedComplete && c.ClosedAt >= yearStart ? c.ActualSavings ?? c.PotentialSavings : 0m),
            })
            .ToDictionaryAsync(x => x.ModelId, cancellationToken);

        var prices = await ModelPrices.LoadAsync(db, now, cancellationToken);
        var models = await db.SoftwareModels.AsNoTracking().Where(m => !m.IsFree).ToListAsync(cancellationToken);
        var positions = new List<ModelPosition>();
        foreach (var model in models.Where(m => owned.ContainsKey(m.Id) || used.ContainsKey(m.Id) || savings.ContainsKey(m.Id)))
        {
            var rightsOwned = owned.GetValueOrDefault(model.Id);
            var rightsUsed = used.GetValueOrDefault(model.Id);
            var available = Math.Max(rightsOwned - rightsUsed, 0);
            var unlicensed = Math.Max(rightsUsed - rightsOwned, 0);
            var price = prices.GetValueOrDefault(model.Id);
            var perRight = price?.AnnualPrice ?? 0m;
            var candidates = savings.GetValueOrDefault(model.Id);
            positions.Add(new ModelPosition(
                model.Id,
                model.DisplayName,
                rightsOwned,
                rightsUsed,
                available,
                unlicensed,
                price?.AnnualPrice,
                price?.Currency ?? ModelPrices.ListPriceCurrency,
                price?.FromEntitlements ?? false,
                CurrentSpend: rightsUsed * perRight,
                OverLicensedAmount: available * perRight,
                TrueUpCost: unlicensed * perRight,
                OpenCandidates: candidates?.Open ?? 0,
                PotentialSavings: candidates?.Potential ?? 0m,
                ActualSavingsYtd: candidates?.Ytd ?? 0m,
                ActualSavingsCumulative: candidates?.Cumulative ?? 0m));
        }

        return [.. positions.OrderBy(p => p.ModelName, StringComparer.Ordinal)];
    }
}
