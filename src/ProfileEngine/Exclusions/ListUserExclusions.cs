using Mediator;
using Microsoft.EntityFrameworkCore;
using ProfileEngine.Messaging;
using ProfileEngine.Persistence;

namespace ProfileEngine.Exclusions;

/// <summary>The Subscription User Exclusion Rules, by user principal name.</summary>
public sealed record ListUserExclusions(int Skip = 0, int Take = 1000) : IQuery<IReadOnlyList<UserExclusionView>>;

public sealed class ListUserExclusionsValidator : IValidator<ListUserExclusions>
{
    public ValueTask ValidateAsync(ListUserExclusions request, ValidationErrors errors, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(errors);
        errors.Page(request.Skip, request.Take);
        return ValueTask.CompletedTask;
    }
}

public sealed class ListUserExclusionsHandler(ProfileEngineDbContext db) : IQueryHandler<ListUserExclusions, IReadOnlyList<UserExclusionView>>
{
    public async ValueTask<IReadOnlyList<UserExclusionView>> Handle(ListUserExclusions query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var rules = await db.UserExclusions.AsNoTracking().OrderBy(r => r.UserPrincipalName).Skip(query.Skip).Take(query.Take).ToListAsync(cancellationToken);
        return [.. rules.Select(UserExclusionView.Of)];
    }
}
