using ProfileEngine.Persistence;
using ProfileEngine.Subscriptions;

namespace ProfileEngine.Reconciliation;

/// <summary>
/// The subscriptions that use a paid right: active, not excluded, of a software model that is not free. What
/// reconciliation counts as "used", and what the dashboard counts as "assigned".
/// </summary>
internal static class AssignedSubscriptions
{
    public static IQueryable<SoftwareSubscription> Of(ProfileEngineDbContext db) =>
        db.SoftwareSubscriptions.Where(s => s.Active && !s.Excluded && s.ModelId != null
            && db.SoftwareModels.Any(m => m.Id == s.ModelId && !m.IsFree));
}
