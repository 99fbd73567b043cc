using Microsoft.EntityFrameworkCore;
using ProfileEngine.Persistence;

namespace ProfileEngine.Reconciliation;

/// <summary>The yearly price of one right of a software model, and where it came from.</summary>
public sealed record ModelPrice(decimal AnnualPrice, string Currency, bool FromEntitlements);

/// <summary>
/// Prices per right: the average over the model's entitlements in force (weighted by rights owned, yearly), else the
/// model's list price, else nothing (a model nobody priced saves nothing on paper). Free models are never priced.
/// </summary>
public static class ModelPrices
{
    public const string ListPriceCurrency = "USD";

    public static async Task<IReadOnlyDictionary<Guid, ModelPrice>> LoadAsync(ProfileEngineDbContext db, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var entitlements = await db.Set<Entitlement>().AsNoTracking().ToListAsync(cancellationToken);
        var models = await db.SoftwareModels.AsNoTracking()
            .Select(m => new { m.Id, m.IsFree, m.UnitPrice })
            .ToListAsync(cancellationToken);
        var prices = new Dictionary<Guid, ModelPrice>();
        foreach (var model in models.Where(m => !m.IsFree))
        {
            var inForce = entitlements.Where(e => e.ModelId == model.Id && e.IsInForceAt(at)).ToList();
            var rights = inForce.Sum(e => e.RightsOwned);
            if (rights > 0)
            {
                var average = inForce.Sum(e => e.AnnualUnitPrice * e.RightsOwned) / rights;
                prices[model.Id] = new ModelPrice(decimal.Round(average, 2), inForce[0].Currency, FromEntitlements: true);
            }
            else if (model.UnitPrice is { } listPrice)
            {
                prices[model.Id] = new ModelPrice(listPrice, ListPriceCurrency, FromEntitlements: false);
            }
        }

        return prices;
    }
}
