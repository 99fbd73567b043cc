using Microsoft.EntityFrameworkCore;
using ProfileEngine.UserActivity;
using ProfileEngine.Persistence;

namespace ProfileEngine.Reclamation;

/// <summary>
/// Which subscriptions of one paid model a rule selects now: those inactive since before <see cref="Cutoff"/>. The
/// cutoff is the threshold counted back from the end of the known activity history, and there is none when that
/// history is shorter than the threshold: nobody is proposed on lack of evidence ("never active" is inactive only
/// for as long as activity has been read).
/// </summary>
public sealed record ModelSelection(Guid ModelId, string? Product, ReclamationRule Rule, int ThresholdDays, ActivityCoverage? Coverage, DateTimeOffset? Cutoff)
{
    /// <summary>Why the rule selects nobody of this model, or null when it can.</summary>
    public string? Limitation(DateTimeOffset now) => ActivityCoverage.Explain(Coverage, ThresholdDays, now, Product);

    /// <summary>Whether a subscription with this last activity (or, never active, this creation time) is selected.</summary>
    public bool Selects(DateTimeOffset? lastActivity, DateTimeOffset created) => Cutoff is { } cutoff && (lastActivity ?? created) < cutoff;

    /// <summary>Days without known activity: since the last activity (or creation), but never before activity was first read.</summary>
    public int InactiveDays(DateTimeOffset? lastActivity, DateTimeOffset created, DateTimeOffset now)
    {
        var since = lastActivity ?? created;
        if (Coverage is { } coverage && coverage.CoveredFrom > since)
        {
            since = coverage.CoveredFrom;
        }

        return Math.Max(0, (int)(now - since).TotalDays);
    }
}

public static class CandidateSelection
{
    /// <summary>The selection of each paid model of the profile that an active rule governs.</summary>
    public static async Task<IReadOnlyList<ModelSelection>> LoadAsync(ProfileEngineDbContext db, Guid profileId, DateTimeOffset now, CancellationToken cancellationToken, int? thresholdDays = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        var rulesByModel = await RuleEvaluator.RulesByModelAsync(db, profileId, cancellationToken);
        if (rulesByModel.Count == 0)
        {
            return [];
        }

        var coverage = await ActivityCoverage.LoadAsync(db, profileId, cancellationToken);
        var modelIds = rulesByModel.Select(r => r.ModelId).ToList();
        var products = await db.SoftwareModels.AsNoTracking().Where(m => modelIds.Contains(m.Id)).ToDictionaryAsync(m => m.Id, m => m.Product, cancellationToken);
        return
        [
            .. rulesByModel.Select(r =>
            {
                var product = products.GetValueOrDefault(r.ModelId);
                var known = product is not null ? coverage.GetValueOrDefault(product) : null;
                var threshold = thresholdDays ?? r.Rule.LastActivityThresholdDays;
                return new ModelSelection(r.ModelId, product, r.Rule, threshold, known, known?.CutoffFor(threshold, now));
            }),
        ];
    }

    /// <summary>Per rule of the profile, what it cannot propose now and why (e.g. "<product> activity is known for 59 days; ...").</summary>
    public static async Task<IReadOnlyDictionary<Guid, IReadOnlyList<string>>> LimitationsAsync(ProfileEngineDbContext db, Guid profileId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var selections = await LoadAsync(db, profileId, now, cancellationToken);
        var modelIds = selections.Select(s => s.ModelId).ToList();
        var names = await db.SoftwareModels.AsNoTracking().Where(m => modelIds.Contains(m.Id)).ToDictionaryAsync(m => m.Id, m => m.DisplayName, cancellationToken);
        return selections.Where(s => s.Cutoff is null).GroupBy(s => s.Rule.Id).ToDictionary(
            g => g.Key,
            g => (IReadOnlyList<string>)[.. g.Select(s => $"{names.GetValueOrDefault(s.ModelId) ?? s.ModelId.ToString()}: {s.Limitation(now)}")]);
    }

    /// <summary>The selection that governs one model now, or null when no active rule does.</summary>
    public static async Task<ModelSelection?> ForModelAsync(ProfileEngineDbContext db, Guid profileId, Guid modelId, DateTimeOffset now, CancellationToken cancellationToken) =>
        (await LoadAsync(db, profileId, now, cancellationToken)).FirstOrDefault(s => s.ModelId == modelId);
}
