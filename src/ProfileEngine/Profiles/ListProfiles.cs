using Mediator;
using Microsoft.EntityFrameworkCore;
using ProfileEngine.Persistence;

namespace ProfileEngine.Profiles;

/// <summary>Every profile, by display name; optionally only Draft or only Published ones.</summary>
public sealed record ListProfiles(ProfileStatus? Status = null) : IQuery<IReadOnlyList<ProfileView>>;

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

        var list = await profiles.OrderBy(p => p.NormalizedDisplayName).ToListAsync(cancellationToken);
        return await ProfileViews.BuildAsync(db, list, cancellationToken);
    }
}
