using Microsoft.EntityFrameworkCore;
using ProfileEngine.Messaging;
using ProfileEngine.Persistence;
using ProfileEngine.Subscriptions;

namespace ProfileEngine.Exclusions;

internal static class ExclusionLookup
{
    public static async Task<SubscriptionIdentifierExclusion> IdentifierRuleAsync(ProfileEngineDbContext db, Guid id, string requestName, CancellationToken cancellationToken) =>
        await db.SubscriptionIdentifierExclusions.SingleOrDefaultAsync(r => r.Id == id, cancellationToken)
        ?? throw new RequestNotFoundException(requestName, "Id", $"There is no subscription identifier exclusion {id}.");

    public static async Task<UserExclusion> UserRuleAsync(ProfileEngineDbContext db, Guid id, string requestName, CancellationToken cancellationToken) =>
        await db.UserExclusions.SingleOrDefaultAsync(r => r.Id == id, cancellationToken)
        ?? throw new RequestNotFoundException(requestName, "Id", $"There is no user exclusion {id}.");
}
