using Mediator;
using Microsoft.EntityFrameworkCore;
using ProfileEngine.Messaging;
using ProfileEngine.Persistence;

namespace ProfileEngine.UserActivity;

/// <summary>For how long each product's activity of a profile is known (what rule thresholds it can prove).</summary>
public sealed record GetActivityCoverage(Guid ProfileId) : IQuery<IReadOnlyList<ActivityCoverageView>>;

public sealed record ActivityCoverageView(string Product, DateTimeOffset CoveredFrom, DateTimeOffset CoveredUntil, int KnownDays);

public sealed class GetActivityCoverageHandler(ProfileEngineDbContext db) : IQueryHandler<GetActivityCoverage, IReadOnlyList<ActivityCoverageView>>
{
    public async ValueTask<IReadOnlyList<ActivityCoverageView>> Handle(GetActivityCoverage query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (!await db.IntegrationProfiles.AnyAsync(p => p.Id == query.ProfileId, cancellationToken))
        {
            throw new RequestNotFoundException(nameof(GetActivityCoverage), nameof(query.ProfileId), $"There is no integration profile {query.ProfileId}.");
        }

        var rows = await db.ActivityCoverages.AsNoTracking().Where(c => c.ProfileId == query.ProfileId).ToListAsync(cancellationToken);
        return [.. rows.OrderBy(c => c.Product, StringComparer.Ordinal).Select(c => new ActivityCoverageView(c.Product, c.CoveredFrom, c.CoveredUntil, c.KnownDays))];
    }
}
