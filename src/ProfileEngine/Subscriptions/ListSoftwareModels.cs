using Mediator;
using Microsoft.EntityFrameworkCore;
using ProfileEngine.Messaging;
using ProfileEngine.Persistence;

namespace ProfileEngine.Subscriptions;

/// <summary>The profile's Software Models related list: each model its licenses map to, with the active subscriptions.</summary>
public sealed record ListSoftwareModels(Guid ProfileId) : IQuery<IReadOnlyList<SoftwareModelView>>;

public sealed record SoftwareModelView(
    Guid Id, string Publisher, string Product, string Edition, string? CatalogKey, string? SiteUrl, bool IsFree, decimal? UnitPrice,
    IReadOnlyList<string> Identifiers, int ActiveSubscriptions, int ExcludedSubscriptions);

public sealed class ListSoftwareModelsHandler(ProfileEngineDbContext db) : IQueryHandler<ListSoftwareModels, IReadOnlyList<SoftwareModelView>>
{
    public async ValueTask<IReadOnlyList<SoftwareModelView>> Handle(ListSoftwareModels query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        await SubscriptionQueries.RequireProfileAsync(db, query.ProfileId, nameof(ListSoftwareModels), cancellationToken);
        var licenses = await db.ProfileLicenses.AsNoTracking()
            .Where(l => l.ProfileId == query.ProfileId && l.Active && l.ModelId != null)
            .Select(l => new { l.Identifier, ModelId = l.ModelId!.Value })
            .ToListAsync(cancellationToken);
        var modelIds = licenses.Select(l => l.ModelId).Distinct().ToList();
        var models = await db.SoftwareModels.AsNoTracking().Where(m => modelIds.Contains(m.Id)).ToListAsync(cancellationToken);
        var counts = await db.SoftwareSubscriptions.AsNoTracking()
            .Where(s => s.ProfileId == query.ProfileId && s.Active && s.ModelId != null)
            .GroupBy(s => s.ModelId)
            .Select(g => new { ModelId = g.Key!.Value, Active = g.Count(), Excluded = g.Count(s => s.Excluded) })
            .ToDictionaryAsync(g => g.ModelId, cancellationToken);
        return [.. models
            .OrderBy(m => m.Product, StringComparer.Ordinal).ThenBy(m => m.Edition, StringComparer.Ordinal)
            .Select(m => new SoftwareModelView(
                m.Id, m.Publisher, m.Product, m.Edition, m.CatalogKey, m.SiteUrl, m.IsFree, m.UnitPrice,
                [.. licenses.Where(l => l.ModelId == m.Id).Select(l => l.Identifier).Order(StringComparer.Ordinal)],
                counts.TryGetValue(m.Id, out var c) ? c.Active : 0,
                counts.TryGetValue(m.Id, out var e) ? e.Excluded : 0))];
    }
}

internal static class SubscriptionQueries
{
    public static async Task RequireProfileAsync(ProfileEngineDbContext db, Guid profileId, string requestName, CancellationToken cancellationToken)
    {
        if (!await db.IntegrationProfiles.AnyAsync(p => p.Id == profileId, cancellationToken))
        {
            throw new RequestNotFoundException(requestName, "ProfileId", $"There is no integration profile {profileId}.");
        }
    }
}
