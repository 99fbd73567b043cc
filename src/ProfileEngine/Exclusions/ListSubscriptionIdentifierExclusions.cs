using Mediator;
using Microsoft.EntityFrameworkCore;
using ProfileEngine.Persistence;

namespace ProfileEngine.Exclusions;

/// <summary>The Subscription Identifier Exclusion Rules, of one profile type or all, by type and identifier.</summary>
public sealed record ListSubscriptionIdentifierExclusions(string? ProfileType = null) : IQuery<IReadOnlyList<SubscriptionIdentifierExclusionView>>;

public sealed class ListSubscriptionIdentifierExclusionsHandler(ProfileEngineDbContext db)
    : IQueryHandler<ListSubscriptionIdentifierExclusions, IReadOnlyList<SubscriptionIdentifierExclusionView>>
{
    public async ValueTask<IReadOnlyList<SubscriptionIdentifierExclusionView>> Handle(ListSubscriptionIdentifierExclusions query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var rules = await db.SubscriptionIdentifierExclusions.AsNoTracking()
            .Where(r => query.ProfileType == null || r.ProfileType == query.ProfileType)
            .OrderBy(r => r.ProfileType).ThenBy(r => r.Identifier)
            .ToListAsync(cancellationToken);
        return [.. rules.Select(SubscriptionIdentifierExclusionView.Of)];
    }
}
