using System.Linq.Expressions;
using Mediator;
using Microsoft.EntityFrameworkCore;
using ProfileEngine.Persistence;
using ProfileEngine.Subscriptions;

namespace ProfileEngine.Reconciliation;

/// <summary>
/// The "Snapshot of Last Meaningful Activity": assigned subscriptions (active, not excluded, paid) counted by days
/// since their last activity, per software model and per profile, as of now. Meant to help choose rule thresholds.
/// Counted in SQL, never stored.
/// </summary>
public sealed record GetLastActivityBuckets : IQuery<LastActivitySnapshot>;

/// <summary>
/// Counts by whole days since the last activity: 0-30 means fewer than 30 days (a future time counts here), 30-60 means
/// 30 up to 59 days, and so on; <see cref="NoActivity"/> counts subscriptions that never showed any.
/// </summary>
public sealed record ActivityBuckets(int Days0To30, int Days30To60, int Days60To90, int Days90To120, int Over120Days, int NoActivity)
{
    public int Total => Days0To30 + Days30To60 + Days60To90 + Days90To120 + Over120Days + NoActivity;
}

public sealed record ModelActivityBuckets(Guid ModelId, string ModelName, ActivityBuckets Buckets);

public sealed record ProfileActivityBuckets(Guid ProfileId, string ProfileName, ActivityBuckets Buckets);

public sealed record LastActivitySnapshot(DateTimeOffset At, IReadOnlyList<ModelActivityBuckets> ByModel, IReadOnlyList<ProfileActivityBuckets> ByProfile);

public sealed class GetLastActivityBucketsHandler(ProfileEngineDbContext db, TimeProvider clock) : IQueryHandler<GetLastActivityBuckets, LastActivitySnapshot>
{
    public async ValueTask<LastActivitySnapshot> Handle(GetLastActivityBuckets query, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var byModel = await CountAsync(s => s.ModelId!.Value, now, cancellationToken);
        var byProfile = await CountAsync(s => s.ProfileId, now, cancellationToken);
        var models = await db.SoftwareModels.AsNoTracking().Where(m => byModel.Keys.Contains(m.Id)).ToListAsync(cancellationToken);
        var profiles = await db.IntegrationProfiles.AsNoTracking().Where(p => byProfile.Keys.Contains(p.Id))
            .Select(p => new { p.Id, p.DisplayName })
            .ToDictionaryAsync(p => p.Id, p => p.DisplayName, cancellationToken);
        return new LastActivitySnapshot(
            now,
            [.. models.Select(m => new ModelActivityBuckets(m.Id, m.DisplayName, byModel[m.Id])).OrderBy(m => m.ModelName, StringComparer.Ordinal)],
            [.. byProfile.Select(p => new ProfileActivityBuckets(p.Key, profiles.GetValueOrDefault(p.Key) ?? p.Key.ToString(), p.Value))
                .OrderBy(p => p.ProfileName, StringComparer.Ordinal)]);
    }

    private async Task<Dictionary<Guid, ActivityBuckets>> CountAsync(
        Expression<Func<SoftwareSubscription, Guid>> groupKey, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var days30 = now.AddDays(-30);
        var days60 = now.AddDays(-60);
        var days90 = now.AddDays(-90);
        var days120 = now.AddDays(-120);
        var rows = await AssignedSubscriptions.Of(db).AsNoTracking()
            .GroupBy(groupKey)
            .Select(g => new
            {
                g.Key,
                Days0To30 = g.Count(s => s.LastActivity > days30),
                Days30To60 = g.Count(s => s.LastActivity <= days30 && s.LastActivity > days60),
                Days60To90 = g.Count(s => s.LastActivity <= days60 && s.LastActivity > days90),
                Days90To120 = g.Count(s => s.LastActivity <= days90 && s.LastActivity > days120),
                Over120Days = g.Count(s => s.LastActivity <= days120),
                NoActivity = g.Count(s => s.LastActivity == null),
            })
            .ToListAsync(cancellationToken);
        return rows.ToDictionary(r => r.Key, r => new ActivityBuckets(r.Days0To30, r.Days30To60, r.Days60To90, r.Days90To120, r.Over120Days, r.NoActivity));
    }
}
