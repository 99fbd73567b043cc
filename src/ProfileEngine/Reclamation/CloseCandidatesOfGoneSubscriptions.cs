using Microsoft.EntityFrameworkCore;
using ProfileEngine.Subscriptions;

namespace ProfileEngine.Reclamation;

/// <summary>
/// A subscription gone from the vendor closes its open candidate in the same transaction: Closed Complete when it
/// was Awaiting Revocation (the license is gone, as wanted), otherwise Closed Skipped.
/// </summary>
public sealed class CloseCandidatesOfGoneSubscriptions : ISubscriptionDeactivationHook
{
    public async Task OnDeactivatedAsync(DbContext db, Guid profileId, IReadOnlyList<long> subscriptionIds, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(subscriptionIds);
        foreach (var chunk in subscriptionIds.Chunk(500))
        {
            var ids = chunk.Cast<long?>().ToList();
            var open = await db.Set<RemovalCandidate>().Where(c => ids.Contains(c.OpenSubscriptionId)).ToListAsync(cancellationToken);
            foreach (var candidate in open)
            {
                CandidateChanges.Apply(db, candidate, CandidateAction.SubscriptionGone, CandidateChanges.SystemActor,
                    "The subscription is gone from the vendor (the download no longer finds it).", at);
                if (candidate.State == CandidateState.ClosedComplete)
                {
                    candidate.ActualSavings = candidate.PotentialSavings;
                }
            }
        }
    }
}
