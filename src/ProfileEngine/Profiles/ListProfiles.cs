using Mediator;
using Microsoft.EntityFrameworkCore;
using ProfileEngine.Persistence;

namespace ProfileEngine.Profiles;

/// <summary>Profiles by display name, a page at a time (default: the first 1,000); optionally only Draft or only Published ones.</summary>
public sealed record ListProfiles(ProfileStatus? Status = null, int Skip = 0, int Take = 1000) : IQuery<IReadOnlyList<ProfileView>>;

public sealed class ListProfilesValidator : Messaging.IValidator<ListProfiles>
{
    public ValueTask ValidateAsync(ListProfiles request, Messaging.ValidationErrors errors, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(errors);
        errors.Page(request.Skip, request.Take);
        return ValueTask.CompletedTask;
    }
}

public sealed class ListProfilesHandler(ProfileEngineDbContext db) : IQueryHandler<ListProfiles, IReadOnlyList<ProfileView>>
{
    public async ValueTask<IReadOnlyList<ProfileView>> Handle(ListProfiles query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var profiles = db.IntegrationProfiles.AsNoTracking().Include(p => p.ConnectionAlias).ThenInclude(a => a!.ParentAlias).AsQueryable();
        if (query.Status is { } status)
        {
            profiles = profiles.Where(p => p.Status == status);
        }

        var list = await profiles.OrderBy(p => p.NormalizedDisplayName).Skip(query.Skip).Take(query.Take).ToListAsync(cancellationToken);
        return await ProfileViews.BuildAsync(db, list, cancellationToken);
    }
}
