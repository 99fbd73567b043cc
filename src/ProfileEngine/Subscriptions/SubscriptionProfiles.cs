using Microsoft.EntityFrameworkCore;
using ProfileEngine.Persistence;

namespace ProfileEngine.Subscriptions;

/// <summary>What a download needs to know of its profile: the connection alias, the profile type and the org.</summary>
public sealed record DownloadTarget(Guid ProfileId, string ProfileType, string AliasName, string? OrgId)
{
    public static async Task<DownloadTarget> FindAsync(ProfileEngineDbContext db, Guid profileId, CancellationToken cancellationToken)
    {
        var profile = await db.IntegrationProfiles.AsNoTracking()
            .Where(p => p.Id == profileId)
            .Select(p => new { p.Id, p.ProfileType, Alias = p.ConnectionAlias!.Name })
            .SingleOrDefaultAsync(cancellationToken)
            ?? throw new InvalidOperationException($"There is no integration profile {profileId}.");
        var orgId = await db.Connections.AsNoTracking()
            .Where(c => c.Alias!.Name == profile.Alias)
            .Select(c => c.OrgId)
            .SingleOrDefaultAsync(cancellationToken);
        return new DownloadTarget(profile.Id, profile.ProfileType, profile.Alias, orgId);
    }
}
