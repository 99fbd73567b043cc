using Mediator;
using Microsoft.EntityFrameworkCore;
using ProfileEngine.Persistence;

namespace ProfileEngine.Reclamation;

/// <summary>The reclamation rules, of one profile or all (rules of deleted profiles included: they are kept).</summary>
public sealed record ListReclamationRules(Guid? ProfileId = null) : IQuery<IReadOnlyList<ReclamationRuleView>>;

public sealed class ListReclamationRulesHandler(ProfileEngineDbContext db) : IQueryHandler<ListReclamationRules, IReadOnlyList<ReclamationRuleView>>
{
    public async ValueTask<IReadOnlyList<ReclamationRuleView>> Handle(ListReclamationRules query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var rules = await db.ReclamationRules.AsNoTracking()
            .Where(r => query.ProfileId == null || r.ProfileId == query.ProfileId)
            .OrderBy(r => r.CreatedAt).ToListAsync(cancellationToken);
        return [.. rules.Select(ReclamationRuleView.Of)];
    }
}
