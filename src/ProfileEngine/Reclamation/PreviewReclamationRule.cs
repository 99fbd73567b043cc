using Mediator;
using Microsoft.EntityFrameworkCore;
using ProfileEngine.Messaging;
using ProfileEngine.Persistence;
using ProfileEngine.Reconciliation;

namespace ProfileEngine.Reclamation;

/// <summary>
/// What a rule would do at other thresholds, without creating anything: per threshold, how many subscriptions would
/// be candidates, how many of them are not candidates yet, and the potential savings. A threshold longer than the
/// activity history known proposes nobody of that product, and says so in <see cref="ThresholdPreview.Limitations"/>.
/// </summary>
public sealed record PreviewReclamationRule(Guid RuleId, IReadOnlyList<int> Thresholds) : IQuery<RulePreview>;

public sealed record RulePreview(Guid RuleId, string RuleName, IReadOnlyList<ThresholdPreview> Thresholds);

public sealed record ThresholdPreview(int ThresholdDays, int Candidates, int NewCandidates, decimal PotentialSavings, string? Currency, IReadOnlyList<string> Limitations);

public sealed class PreviewReclamationRuleValidator : IValidator<PreviewReclamationRule>
{
    public ValueTask ValidateAsync(PreviewReclamationRule request, ValidationErrors errors, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(errors);
        if (request.Thresholds is null || request.Thresholds.Count is 0 or > 12)
        {
            errors.Add(nameof(request.Thresholds), "Thresholds must list 1 to 12 day counts, e.g. 30, 60, 90, 120.");
        }
        else if (request.Thresholds.Any(t => t is < 1 or > ReclamationRuleSettings.MaxThresholdDays))
        {
            errors.Add(nameof(request.Thresholds), $"Each threshold must be between 1 and {ReclamationRuleSettings.MaxThresholdDays} days.");
        }

        return ValueTask.CompletedTask;
    }
}

public sealed class PreviewReclamationRuleHandler(ProfileEngineDbContext db, TimeProvider clock) : IQueryHandler<PreviewReclamationRule, RulePreview>
{
    public async ValueTask<RulePreview> Handle(PreviewReclamationRule query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var rule = await db.ReclamationRules.AsNoTracking().SingleOrDefaultAsync(r => r.Id == query.RuleId, cancellationToken)
            ?? throw new RequestNotFoundException(nameof(PreviewReclamationRule), nameof(query.RuleId), $"There is no reclamation rule {query.RuleId}.");
        var now = clock.GetUtcNow();
        var prices = await ModelPrices.LoadAsync(db, now, cancellationToken);
        var modelNames = await db.SoftwareModels.AsNoTracking().ToDictionaryAsync(m => m.Id, m => m.DisplayName, cancellationToken);
        string? currency = null;
        var results = new List<ThresholdPreview>();
        foreach (var threshold in query.Thresholds.Distinct().Order())
        {
            var selections = (await CandidateSelection.LoadAsync(db, rule.ProfileId, now, cancellationToken, threshold)).Where(m => m.Rule.Id == rule.Id).ToList();
            currency ??= selections.Select(m => prices.GetValueOrDefault(m.ModelId)?.Currency).FirstOrDefault(c => c is not null);
            int total = 0, fresh = 0;
            decimal savings = 0;
            var limitations = new List<string>();
            foreach (var selection in selections)
            {
                if (selection.Cutoff is not { } cutoff)
                {
                    limitations.Add($"{modelNames.GetValueOrDefault(selection.ModelId) ?? selection.ModelId.ToString()}: {selection.Limitation(now)}");
                    continue;
                }

                var stale = RuleEvaluator.Stale(db, rule.ProfileId, selection.ModelId, cutoff);
                var count = await stale.CountAsync(cancellationToken);
                total += count;
                fresh += await stale.CountAsync(s => !db.RemovalCandidates.Any(c => c.OpenSubscriptionId == s.Id), cancellationToken);
                savings += count * (prices.GetValueOrDefault(selection.ModelId)?.AnnualPrice ?? 0);
            }

            results.Add(new ThresholdPreview(threshold, total, fresh, savings, currency, limitations));
        }

        return new RulePreview(rule.Id, rule.Name, results);
    }
}
