namespace ProfileEngine.Subscriptions;

/// <summary>
/// Runs in the transaction that deactivates subscriptions (a pair gone from the vendor). The reclamation feature
/// implements it to close the open removal candidates of those subscriptions: Closed Complete when the candidate was
/// awaiting revocation, otherwise Closed Skipped.
/// </summary>
public interface ISubscriptionDeactivationHook
{
    Task OnDeactivatedAsync(Microsoft.EntityFrameworkCore.DbContext db, Guid profileId, IReadOnlyList<long> subscriptionIds, DateTimeOffset at, CancellationToken cancellationToken);
}
