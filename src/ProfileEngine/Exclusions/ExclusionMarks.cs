using Microsoft.EntityFrameworkCore;
using ProfileEngine.Persistence;
using ProfileEngine.Subscriptions;

namespace ProfileEngine.Exclusions;

// CA1862: these comparisons run in SQL, where EF Core translates ToUpper() to upper(); string.Equals with a
// StringComparison does not translate.
#pragma warning disable CA1862

/// <summary>
/// Sets <see cref="SoftwareSubscription.Excluded"/> from the exclusion rules as they stand, for the subscriptions a rule
/// change touches, in one statement inside the caller's transaction: a subscription is excluded while an active user
/// exclusion that has not expired names its user principal name, or an active identifier exclusion of its profile's type
/// names its identifier or its license's catalog key (both compared without regard to case, as the download does).
/// </summary>
public static class ExclusionMarks
{
    /// <summary>Saves the pending change of a user rule (with its audit row) and marks that user's subscriptions, in one transaction.</summary>
    public static Task SaveAndMarkUserAsync(ProfileEngineDbContext db, string userPrincipalName, DateTimeOffset now, CancellationToken cancellationToken) =>
        SaveThenAsync(db, () => MarkUserAsync(db, userPrincipalName, now, cancellationToken), cancellationToken);

    /// <summary>Saves the pending change of an identifier rule (with its audit row) and marks the subscriptions of its profile type, in one transaction.</summary>
    public static Task SaveAndMarkProfileTypeAsync(ProfileEngineDbContext db, string profileType, DateTimeOffset now, CancellationToken cancellationToken) =>
        SaveThenAsync(db, () => MarkProfileTypeAsync(db, profileType, now, cancellationToken), cancellationToken);

    private static async Task SaveThenAsync(ProfileEngineDbContext db, Func<Task<int>> mark, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await mark();
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Every subscription of <paramref name="userPrincipalName"/>, in every profile.</summary>
    private static Task<int> MarkUserAsync(ProfileEngineDbContext db, string userPrincipalName, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var upper = userPrincipalName.ToUpperInvariant();
        return MarkAsync(db, db.SoftwareSubscriptions.Where(s => s.UserPrincipalName != null && s.UserPrincipalName.ToUpper() == upper), now, cancellationToken);
    }

    /// <summary>Every subscription in profiles of <paramref name="profileType"/>.</summary>
    private static Task<int> MarkProfileTypeAsync(ProfileEngineDbContext db, string profileType, DateTimeOffset now, CancellationToken cancellationToken)
    {
        return MarkAsync(db, db.SoftwareSubscriptions.Where(s => db.IntegrationProfiles.Any(p => p.Id == s.ProfileId && p.ProfileType == profileType)), now, cancellationToken);
    }

    private static Task<int> MarkAsync(ProfileEngineDbContext db, IQueryable<SoftwareSubscription> affected, DateTimeOffset now, CancellationToken cancellationToken) =>
        affected.ExecuteUpdateAsync(
            set => set.SetProperty(
                s => s.Excluded,
                s => db.UserExclusions.Any(u => u.Active && (u.ExpiresAt == null || u.ExpiresAt > now)
                        && s.UserPrincipalName != null && u.UserPrincipalName.ToUpper() == s.UserPrincipalName.ToUpper())
                    || db.SubscriptionIdentifierExclusions.Any(r => r.Active
                        && db.IntegrationProfiles.Any(p => p.Id == s.ProfileId && p.ProfileType == r.ProfileType)
                        && (r.Identifier.ToUpper() == s.Identifier.ToUpper()
                            || db.ProfileLicenses.Any(l => l.ProfileId == s.ProfileId && l.Identifier == s.Identifier
                                && l.CatalogKey != null && l.CatalogKey.ToUpper() == r.Identifier.ToUpper())))),
            cancellationToken);
}
