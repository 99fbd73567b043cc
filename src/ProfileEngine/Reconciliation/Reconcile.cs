using Mediator;
using ProfileEngine.Messaging;
using ProfileEngine.Persistence;

namespace ProfileEngine.Reconciliation;

/// <summary>
/// Reconciles rights owned against rights used for every software model (see <see cref="CompliancePositions"/>) and
/// stores the result as a snapshot, all in one save. Run on demand, and weekly by <see cref="ReconciliationJob"/>.
/// It changes no audited record: the run itself records who (<see cref="ReconciliationRun.RunBy"/>) and when.
/// </summary>
public sealed record Reconcile(ReconciliationTrigger Trigger = ReconciliationTrigger.OnDemand) : ICommand<ReconciliationResult>;

/// <summary>A reconciliation's positions by model and its money totals by currency.</summary>
public sealed record ReconciliationResult(
    Guid RunId, DateTimeOffset At, string RunBy, string Trigger, IReadOnlyList<ModelPosition> Models, IReadOnlyList<CurrencyTotals> Totals)
{
    public static ReconciliationResult From(ReconciliationRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var models = run.Models.Select(m => m.ToPosition()).OrderBy(p => p.ModelName, StringComparer.Ordinal).ToList();
        return new(run.Id, run.At, run.RunBy, run.Trigger.ToString(), models, CurrencyTotals.Of(models));
    }
}

public sealed class ReconcileHandler(ProfileEngineDbContext db, CurrentOperator currentOperator, TimeProvider clock) : ICommandHandler<Reconcile, ReconciliationResult>
{
    public async ValueTask<ReconciliationResult> Handle(Reconcile command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var now = clock.GetUtcNow();
        var positions = await CompliancePositions.ComputeAsync(db, now, cancellationToken);
        var run = new ReconciliationRun
        {
            Id = Guid.CreateVersion7(now),
            At = now,
            RunBy = currentOperator.Name,
            Trigger = command.Trigger,
            Models = [.. positions.Select(ReconciliationModelResult.From)],
        };
        db.Add(run);
        await db.SaveChangesAsync(cancellationToken);
        return ReconciliationResult.From(run);
    }
}
