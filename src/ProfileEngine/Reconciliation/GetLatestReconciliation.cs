using Mediator;
using Microsoft.EntityFrameworkCore;
using ProfileEngine.Persistence;

namespace ProfileEngine.Reconciliation;

/// <summary>The last stored reconciliation with its time, or null when none ran yet.</summary>
public sealed record GetLatestReconciliation : IQuery<ReconciliationResult?>;

public sealed class GetLatestReconciliationHandler(ProfileEngineDbContext db) : IQueryHandler<GetLatestReconciliation, ReconciliationResult?>
{
    public async ValueTask<ReconciliationResult?> Handle(GetLatestReconciliation query, CancellationToken cancellationToken)
    {
        var run = await db.Set<ReconciliationRun>().AsNoTracking()
            .OrderByDescending(r => r.At).ThenByDescending(r => r.Id)
            .Include(r => r.Models)
            .FirstOrDefaultAsync(cancellationToken);
        return run is null ? null : ReconciliationResult.From(run);
    }
}
