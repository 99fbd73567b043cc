using Mediator;
using Microsoft.EntityFrameworkCore;
using ProfileEngine.Messaging;
using ProfileEngine.Persistence;

namespace ProfileEngine.Reconciliation;

/// <summary>Entitlements, optionally of one software model, by model then name (stable paging by id).</summary>
public sealed record ListEntitlements(Guid? ModelId = null, int Skip = 0, int Take = 100) : IQuery<EntitlementPage>;

public sealed record EntitlementPage(int Total, IReadOnlyList<EntitlementView> Items);

public sealed class ListEntitlementsValidator : IValidator<ListEntitlements>
{
    public ValueTask ValidateAsync(ListEntitlements request, ValidationErrors errors, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(errors);
        errors.Page(request.Skip, request.Take);

        return ValueTask.CompletedTask;
    }
}

public sealed class ListEntitlementsHandler(ProfileEngineDbContext db, TimeProvider clock) : IQueryHandler<ListEntitlements, EntitlementPage>
{
    public async ValueTask<EntitlementPage> Handle(ListEntitlements query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var rows = db.Entitlements.AsNoTracking();
        if (query.ModelId is { } modelId)
        {
            rows = rows.Where(e => e.ModelId == modelId);
        }

        var total = await rows.CountAsync(cancellationToken);
        var page = await rows
            .Join(db.SoftwareModels, e => e.ModelId, m => m.Id, (e, m) => new { Entitlement = e, Model = m })
            .OrderBy(x => x.Model.Publisher).ThenBy(x => x.Model.Product).ThenBy(x => x.Model.Edition).ThenBy(x => x.Entitlement.Name).ThenBy(x => x.Entitlement.Id)
            .Skip(query.Skip).Take(query.Take)
            .ToListAsync(cancellationToken);
        var now = clock.GetUtcNow();
        return new EntitlementPage(total, [.. page.Select(x => EntitlementView.From(x.Entitlement, x.Model.DisplayName, now))]);
    }
}
