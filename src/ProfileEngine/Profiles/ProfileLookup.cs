using Microsoft.EntityFrameworkCore;
using ProfileEngine.Messaging;
using ProfileEngine.Persistence;

namespace ProfileEngine.Profiles;

/// <summary>Loading a profile to change it: a missing one is 404, a stale version is a conflict.</summary>
internal static class ProfileLookup
{
    public static async Task<IntegrationProfile> FindAsync(ProfileEngineDbContext db, Guid profileId, string requestName, CancellationToken cancellationToken) =>
        await db.IntegrationProfiles
            .Include(p => p.ConnectionAlias).ThenInclude(a => a!.ParentAlias)
            .SingleOrDefaultAsync(p => p.Id == profileId, cancellationToken)
        ?? throw new RequestNotFoundException(requestName, "ProfileId", $"There is no integration profile {profileId}.");

    public static async Task<IntegrationProfile> FindCurrentAsync(
        ProfileEngineDbContext db, Guid profileId, int version, string requestName, CancellationToken cancellationToken)
    {
        var profile = await FindAsync(db, profileId, requestName, cancellationToken);
        return profile.Version == version
            ? profile
            : throw Stale(requestName, profile, version);
    }

    public static RequestConflictException Stale(string requestName, IntegrationProfile profile, int version) =>
        new(requestName, "Version",
            $"The profile '{profile.DisplayName}' was changed by someone else since you read it (you sent version {version}, it is now at version {profile.Version}); read it again and repeat your change.");

    /// <summary>The save found the row changed under it: someone else saved in between.</summary>
    public static RequestConflictException ChangedMeanwhile(string requestName, IntegrationProfile profile) =>
        new(requestName, "Version", $"The profile '{profile.DisplayName}' was changed by someone else at the same time; read it again and repeat your change.");
}
