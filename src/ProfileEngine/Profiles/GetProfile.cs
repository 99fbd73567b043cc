using Mediator;
using ProfileEngine.Persistence;

namespace ProfileEngine.Profiles;

/// <summary>One profile as operators see it (never a secret: the connection shows only through its alias).</summary>
public sealed record GetProfile(Guid ProfileId) : IQuery<ProfileView>;

public sealed class GetProfileHandler(ProfileEngineDbContext db) : IQueryHandler<GetProfile, ProfileView>
{
    public async ValueTask<ProfileView> Handle(GetProfile query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var profile = await ProfileLookup.FindAsync(db, query.ProfileId, nameof(GetProfile), cancellationToken);
        return (await ProfileViews.BuildAsync(db, [profile], cancellationToken)).Single();
    }
}
