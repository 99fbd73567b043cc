using Microsoft.EntityFrameworkCore;

namespace ProfileEngine.UserActivity;

/// <summary>
/// The span of time in which a profile's activity for one product is known: every stream that counts for the product
/// has been read without gaps from <see cref="CoveredFrom"/> to <see cref="CoveredUntil"/>. Inactivity is proven only
/// inside it, so rule evaluation never proposes a license on lack of evidence. Written by the activity subflow at the
/// end of each run, in the transaction that moves the subscriptions' last activity.
/// </summary>
public sealed class ActivityCoverage
{
    public Guid ProfileId { get; set; }

    /// <summary>The product of the software model, as the catalog names it.</summary>
    public required string Product { get; set; }

    public DateTimeOffset CoveredFrom { get; set; }

    /// <summary>Until when all of the product's streams are complete (a usage report's last day is not: rows arrive late).</summary>
    public DateTimeOffset CoveredUntil { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Whole days of known activity history, counted up to <see cref="CoveredUntil"/>.</summary>
    public int KnownDays => Math.Max(0, (int)(CoveredUntil - CoveredFrom).TotalDays);

    /// <summary>
    /// The time before which a subscription's inactivity must have started for it to meet a threshold, or null when
    /// the known history is shorter than the threshold (nobody can be proven inactive that long).
    /// </summary>
    public DateTimeOffset? CutoffFor(int thresholdDays, DateTimeOffset now)
    {
        var cutoff = (CoveredUntil < now ? CoveredUntil : now).AddDays(-thresholdDays);
        return CoveredFrom <= cutoff ? cutoff : null;
    }

    /// <summary>The coverage of each product of a profile.</summary>
    public static async Task<IReadOnlyDictionary<string, ActivityCoverage>> LoadAsync(DbContext db, Guid profileId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return await db.Set<ActivityCoverage>().AsNoTracking().Where(c => c.ProfileId == profileId)
            .ToDictionaryAsync(c => c.Product, StringComparer.Ordinal, cancellationToken);
    }

    /// <summary>
    /// A plain sentence for the rule page and the preview, e.g. "activity is known for 60 days; 90-day candidates need
    /// 30 more days of history or a longer look-back"; null when the threshold is covered.
    /// </summary>
    public static string? Explain(ActivityCoverage? coverage, int thresholdDays, DateTimeOffset now, string? product = null)
    {
        var what = product is null ? "activity" : $"{product} activity";
        if (coverage is null)
        {
            return $"No {what} has been read yet, so nobody is proposed: run the profile's Activity job (with Download activity on) first.";
        }

        if (coverage.CutoffFor(thresholdDays, now) is not null)
        {
            return null;
        }

        var known = coverage.KnownDays;
        var missing = Math.Max(1, thresholdDays - known);
        return $"{Capitalize(what)} is known for {known} day{(known == 1 ? string.Empty : "s")}; {thresholdDays}-day candidates need "
            + $"{missing} more day{(missing == 1 ? string.Empty : "s")} of history or a longer look-back (Analyze user activity from).";
    }

    private static string Capitalize(string text) => char.ToUpperInvariant(text[0]) + text[1..];
}
