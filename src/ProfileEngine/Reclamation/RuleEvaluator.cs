using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using ProfileEngine.Persistence;
using ProfileEngine.Reconciliation;
using ProfileEngine.Subscriptions;

namespace ProfileEngine.Reclamation;

/// <summary>What one evaluation of a profile's rules did.</summary>
public sealed record EvaluationCounts(int RulesApplied, int Created, int Canceled, int ClosedExcluded, IReadOnlyList<string> CanceledFlows)
{
    /// <summary>Of <see cref="Canceled"/>, those closed because their rule no longer selects them (not for fresh activity).</summary>
    public int NoLongerSelected { get; init; }

    /// <summary>Per model the rules could not be applied to, why (e.g. the activity history is shorter than the threshold).</summary>
    public IReadOnlyList<string> Limitations { get; init; } = [];
}

/// <summary>
/// Applies a profile's active reclamation rules to its subscriptions: a subscription that is active, paid, not excluded,
/// and proven without meaningful activity for longer than the threshold (see <see cref="ModelSelection"/>: never before
/// activity was first read) becomes a Ready candidate, at most one open per subscription. Open candidates are
/// reviewed first: fresh activity closes one as Closed Canceled, an exclusion as Closed Skipped, and a rule that no
/// longer selects it (threshold raised, history too short) as Closed Canceled with a note naming the rule; one whose
/// reclaim is running only gets the note (its re-check decides). A model's own rule wins over the profile's rule. Runs
/// for one profile at a time in this process; the unique open-candidate index guards the rest.
/// </summary>
public sealed class RuleEvaluator(IDbContextFactory<ProfileEngineDbContext> databases, TimeProvider clock)
{
    private const int BatchSize = 2_000;

    private static readonly ConcurrentDictionary<Guid, SemaphoreSlim> Gates = new();

    public async Task<EvaluationCounts> EvaluateAsync(Guid profileId, string actor, CancellationToken cancellationToken)
    {
        var gate = Gates.GetOrAdd(profileId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            return await EvaluateLockedAsync(profileId, actor, cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>
    /// Only the review of the profile's open candidates (no new ones): what the weekly "Updating Existing Reclamation
    /// Candidates" job runs. Returns the flows of the candidates it closed, to be cancelled.
    /// </summary>
    public async Task<EvaluationCounts> ReviewOpenCandidatesAsync(Guid profileId, string actor, CancellationToken cancellationToken)
    {
        var gate = Gates.GetOrAdd(profileId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            var now = clock.GetUtcNow();
            await using var db = await databases.CreateDbContextAsync(cancellationToken);
            var selections = await CandidateSelection.LoadAsync(db, profileId, now, cancellationToken);
            var review = await OpenCandidateReview.RunAsync(db, profileId, selections, actor, now, cancellationToken);
            return new EvaluationCounts(selections.Select(r => r.Rule.Id).Distinct().Count(), 0, review.Canceled + review.NoLongerSelected, review.ClosedExcluded, review.Flows)
            {
                NoLongerSelected = review.NoLongerSelected,
            };
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Which active rule applies to which paid model of the profile (models without one are not evaluated).</summary>
    public static async Task<IReadOnlyList<(Guid ModelId, ReclamationRule Rule)>> RulesByModelAsync(ProfileEngineDbContext db, Guid profileId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var rules = await db.ReclamationRules.AsNoTracking().Where(r => r.ProfileId == profileId)
            .OrderBy(r => r.CreatedAt).ToListAsync(cancellationToken);
        if (!rules.Any(r => r.Active))
        {
            return [];
        }

        var paidModels = await db.SoftwareSubscriptions.AsNoTracking()
            .Where(s => s.ProfileId == profileId && s.ModelId != null)
            .Select(s => s.ModelId!.Value).Distinct()
            .Join(db.SoftwareModels.Where(m => !m.IsFree), id => id, m => m.Id, (id, _) => id)
            .ToListAsync(cancellationToken);
        var profileRule = rules.FirstOrDefault(r => r.ModelId is null);
        var result = new List<(Guid, ReclamationRule)>();
        foreach (var model in paidModels)
        {
            // A model's own rule governs it even when inactive (that switches the model off).
            if ((rules.FirstOrDefault(r => r.ModelId == model) ?? profileRule) is { Active: true } rule)
            {
                result.Add((model, rule));
            }
        }

        return result;
    }

    /// <summary>Subscriptions of one model that have been inactive since before <paramref name="cutoff"/>.</summary>
    public static IQueryable<SoftwareSubscription> Stale(ProfileEngineDbContext db, Guid profileId, Guid modelId, DateTimeOffset cutoff)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.SoftwareSubscriptions.AsNoTracking().Where(s =>
            s.ProfileId == profileId && s.ModelId == modelId && s.Active && !s.Excluded
            && (s.LastActivity != null ? s.LastActivity < cutoff : (s.ExternalCreated ?? s.FirstSeenAt) < cutoff));
    }

    private async Task<EvaluationCounts> EvaluateLockedAsync(Guid profileId, string actor, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var profileName = await db.IntegrationProfiles.Where(p => p.Id == profileId).Select(p => p.DisplayName).SingleOrDefaultAsync(cancellationToken)
            ?? throw new InvalidOperationException($"There is no integration profile {profileId}.");
        var selections = await CandidateSelection.LoadAsync(db, profileId, now, cancellationToken);
        var prices = await ModelPrices.LoadAsync(db, now, cancellationToken);
        var modelNames = await db.SoftwareModels.AsNoTracking().ToDictionaryAsync(m => m.Id, m => m.DisplayName, cancellationToken);

        var review = await OpenCandidateReview.RunAsync(db, profileId, selections, actor, now, cancellationToken);
        var created = 0;
        var limitations = new List<string>();
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        foreach (var selection in selections)
        {
            var (modelId, rule) = (selection.ModelId, selection.Rule);
            if (selection.Cutoff is not { } cutoff)
            {
                limitations.Add($"{modelNames.GetValueOrDefault(modelId) ?? modelId.ToString()}: {selection.Limitation(now)}");
                continue;
            }

            var price = prices.GetValueOrDefault(modelId);
            if (db.Database.IsSqlite())
            {
                created += await InsertWithSqlAsync(db, profileId, profileName, modelId, modelNames.GetValueOrDefault(modelId), rule, price, cutoff, selection.Coverage!.CoveredFrom, now, cancellationToken);
                continue;
            }

            var batch = new List<RemovalCandidate>(BatchSize);
            var fresh = Stale(db, profileId, modelId, cutoff)
                .Where(s => !db.RemovalCandidates.Any(c => c.OpenSubscriptionId == s.Id))
                .OrderBy(s => s.Id)
                .Select(s => new { s.Id, s.ExternalUserId, s.UserPrincipalName, s.DisplayName, s.Identifier, s.LastActivity, Created = s.ExternalCreated ?? s.FirstSeenAt })
                .AsAsyncEnumerable();
            await foreach (var s in fresh.WithCancellation(cancellationToken))
            {
                batch.Add(new RemovalCandidate
                {
                    ProfileId = profileId,
                    ProfileName = profileName,
                    SubscriptionId = s.Id,
                    OpenSubscriptionId = s.Id,
                    ExternalUserId = s.ExternalUserId,
                    UserPrincipalName = s.UserPrincipalName,
                    DisplayName = s.DisplayName,
                    Identifier = s.Identifier,
                    ModelId = modelId,
                    ModelName = modelNames.GetValueOrDefault(modelId),
                    RuleId = rule.Id,
                    State = CandidateState.Ready,
                    InactiveDays = selection.InactiveDays(s.LastActivity, s.Created, now),
                    LastActivity = s.LastActivity,
                    PotentialSavings = price?.AnnualPrice ?? 0,
                    Currency = price?.Currency,
                    NotifyUser = rule.NotifyUser,
                    DaysBeforeAutoReclamation = rule.DaysBeforeAutoReclamation,
                    ReminderDaysBeforeDeadline = rule.ReminderDaysBeforeDeadline,
                    AssignmentGroup = rule.AssignmentGroup,
                    ReclaimWithoutReview = rule.ReclaimWithoutReview,
                    OpenedAt = now,
                    UpdatedAt = now,
                });
                if (batch.Count == BatchSize)
                {
                    created += await InsertAsync(batch, cancellationToken);
                }
            }

            created += await InsertAsync(batch, cancellationToken);
        }

        return new EvaluationCounts(selections.Select(r => r.Rule.Id).Distinct().Count(), created, review.Canceled + review.NoLongerSelected, review.ClosedExcluded, review.Flows)
        {
            NoLongerSelected = review.NoLongerSelected,
            Limitations = limitations,
        };
    }

    // SQLite: the selection and the writes in one INSERT … SELECT, so 100,000 subscriptions never pass through the
    // process (columns as EF stores them there: Guid as upper-case text, DateTimeOffset as UTC ticks, decimal as text).
    private static async Task<int> InsertWithSqlAsync(
        ProfileEngineDbContext db, Guid profileId, string profileName, Guid modelId, string? modelName, ReclamationRule rule, ModelPrice? price,
        DateTimeOffset cutoff, DateTimeOffset coveredFrom, DateTimeOffset now, CancellationToken cancellationToken)
    {
        static string Text(Guid id) => id.ToString().ToUpperInvariant();
        return await db.Database.ExecuteSqlRawAsync(
            $$"""
            INSERT INTO "RemovalCandidates" ("ProfileId", "ProfileName", "SubscriptionId", "OpenSubscriptionId", "ExternalUserId", "UserPrincipalName",
                "DisplayName", "Identifier", "ModelId", "ModelName", "RuleId", "State", "Justification", "InactiveDays", "LastActivity", "PotentialSavings",
                "Currency", "NotifyUser", "DaysBeforeAutoReclamation", "ReminderDaysBeforeDeadline", "AssignmentGroup", "ReclaimWithoutReview",
                "OpenedAt", "UpdatedAt", "ReclaimAttempts", "Version")
            SELECT s."ProfileId", {1}, s."Id", s."Id", s."ExternalUserId", s."UserPrincipalName", s."DisplayName", s."Identifier", s."ModelId", {2}, {3},
                {4}, {5}, ({6} - MAX(COALESCE(s."LastActivity", s."ExternalCreated", s."FirstSeenAt"), {16})) / {{TimeSpan.TicksPerDay}}, s."LastActivity", {7},
                {8}, {9}, {10}, {11}, {12}, {13}, {6}, {6}, 0, 0
            FROM "SoftwareSubscriptions" s
            WHERE s."ProfileId" = {0} AND s."ModelId" = {14} AND s."Active" = 1 AND s."Excluded" = 0
              AND ((s."LastActivity" IS NOT NULL AND s."LastActivity" < {15})
                OR (s."LastActivity" IS NULL AND COALESCE(s."ExternalCreated", s."FirstSeenAt") < {15}))
              AND NOT EXISTS (SELECT 1 FROM "RemovalCandidates" c WHERE c."OpenSubscriptionId" = s."Id")
            ORDER BY s."Id"
            """,
            Parameters(
                Text(profileId), profileName, modelName, Text(rule.Id), CandidateState.Ready.ToString(), RemovalCandidate.DefaultJustification,
                now.UtcTicks, (price?.AnnualPrice ?? 0m).ToString(System.Globalization.CultureInfo.InvariantCulture), price?.Currency,
                rule.NotifyUser, rule.DaysBeforeAutoReclamation, rule.ReminderDaysBeforeDeadline, rule.AssignmentGroup,
                rule.ReclaimWithoutReview, Text(modelId), cutoff.UtcTicks, coveredFrom.UtcTicks),
            cancellationToken);
    }

    private static Microsoft.Data.Sqlite.SqliteParameter[] Parameters(params object?[] values) =>
        [.. values.Select((value, i) => new Microsoft.Data.Sqlite.SqliteParameter("@rule" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), value ?? DBNull.Value))];

    // A separate context per batch keeps the change tracker small while the reading query streams.
    private async Task<int> InsertAsync(List<RemovalCandidate> batch, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return 0;
        }

        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        db.RemovalCandidates.AddRange(batch);
        await db.SaveChangesAsync(cancellationToken);
        var count = batch.Count;
        batch.Clear();
        return count;
    }
}
