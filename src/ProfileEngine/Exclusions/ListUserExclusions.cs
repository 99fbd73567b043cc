using Mediator;
using Microsoft.EntityFrameworkCore;
using ProfileEngine.Persistence;

namespace ProfileEngine.Exclusions;

/// <summary>The Subscription User Exclusion Rules, by user principal name.</summary>
public sealed record ListUserExclusions : IQuery<IReadOnlyList<UserExclusionView>>;

public sealed class ListUserExclusionsHandler(ProfileEngineDbContext db) : IQueryHandler<ListUserExclusions, IReadOnlyList<UserExclusionView>>
{
    public async ValueTask<IReadOnlyList<UserExclusionView>> Handle(ListUserExclusions query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var rules = await db.UserExclusions.AsNoTracking().OrderBy(r => r.UserPrincipalName).ToListAsync(cancellationToken);
        return [.. rules.Select(UserExclusionView.Of)];
    }
}
