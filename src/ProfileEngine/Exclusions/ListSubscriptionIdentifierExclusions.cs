using Mediator;
using Microsoft.EntityFrameworkCore;
using ProfileEngine.Messaging;
using ProfileEngine.Persistence;

namespace ProfileEngine.Exclusions;

/// <summary>The Subscription Identifier Exclusion Rules, of one profile type or all, by type and identifier.</summary>
public sealed record ListSubscriptionIdentifierExclusions(string? ProfileType = null, int Skip = 0, int Take = 1000) : IQuery<IReadOnlyList<SubscriptionIdentifierExclusionView>>;

public sealed class ListSubscriptionIdentifierExclusionsValidator : IValidator<ListSubscriptionIdentifierExclusions>
{
    public ValueTask ValidateAsync(ListSubscriptionIdentifierExclusions request, ValidationErrors errors, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(errors);
        errors.Page(request.Skip, request.Take);
        return ValueTask.CompletedTask;
    }
}

public sealed class ListSubscriptionIdentifierExclusionsHandler(ProfileEngineDbContext db)
    : IQueryHandler<ListSubscriptionIdentifierExclusions, IReadOnlyList<SubscriptionIdentifierExclusionView>>
{
    public async ValueTask<IReadOnlyList<SubscriptionIdentifierExclusionView>> Handle(ListSubscriptionIdentifierExclusions query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var rules = await db.SubscriptionIdentifierExclusions.AsNoTracking()
            .Where(r => query.ProfileType == null || r.ProfileType == query.ProfileType)
            .OrderBy(r => r.ProfileType).ThenBy(r => r.Identifier)
            .Skip(query.Skip).Take(query.Take).ToListAsync(cancellationToken);
        return [.. rules.Select(SubscriptionIdentifierExclusionView.Of)];
    }
}
