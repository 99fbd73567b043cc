using Mediator;
using Microsoft.EntityFrameworkCore;
using ProfileEngine.Messaging;
using ProfileEngine.Persistence;

namespace ProfileEngine.Reclamation;

/// <summary>The reclamation rules, of one profile or all (rules of deleted profiles included: they are kept).</summary>
public sealed record ListReclamationRules(Guid? ProfileId = null, int Skip = 0, int Take = 1000) : IQuery<IReadOnlyList<ReclamationRuleView>>;

public sealed class ListReclamationRulesValidator : IValidator<ListReclamationRules>
{
    public ValueTask ValidateAsync(ListReclamationRules request, ValidationErrors errors, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(errors);
        errors.Page(request.Skip, request.Take);
        return ValueTask.CompletedTask;
    }
}

public sealed class ListReclamationRulesHandler(ProfileEngineDbContext db, TimeProvider clock) : IQueryHandler<ListReclamationRules, IReadOnlyList<ReclamationRuleView>>
{
    public async ValueTask<IReadOnlyList<ReclamationRuleView>> Handle(ListReclamationRules query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var rules = await db.ReclamationRules.AsNoTracking()
            .Where(r => query.ProfileId == null || r.ProfileId == query.ProfileId)
            .OrderBy(r => r.CreatedAt).Skip(query.Skip).Take(query.Take).ToListAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var limitations = new Dictionary<Guid, IReadOnlyList<string>>();
        foreach (var profileId in rules.Select(r => r.ProfileId).Distinct())
        {
            foreach (var (rule, texts) in await CandidateSelection.LimitationsAsync(db, profileId, now, cancellationToken))
            {
                limitations[rule] = texts;
            }
        }

        return [.. rules.Select(r => ReclamationRuleView.Of(r) with { Limitations = limitations.GetValueOrDefault(r.Id) ?? [] })];
    }
}
