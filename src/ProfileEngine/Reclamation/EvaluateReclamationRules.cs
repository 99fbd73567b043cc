using Mediator;
using ProfileEngine.Audit;
using ProfileEngine.Messaging;
using ProfileEngine.Persistence;
using Microsoft.EntityFrameworkCore;

namespace ProfileEngine.Reclamation;

/// <summary>Evaluates a profile's reclamation rules now and starts what follows (the activity subflow does the same at its end).</summary>
public sealed record EvaluateReclamationRules(Guid ProfileId, bool StartFlows = true) : ICommand<EvaluationResult>, IAuditedCommand;

public sealed record EvaluationResult(int RulesApplied, int Created, int Canceled, int ClosedExcluded, int FlowsStarted, int WaitingReclaimsStarted)
{
    /// <summary>Of <see cref="Canceled"/>, the candidates closed because their rule no longer selects them.</summary>
    public int NoLongerSelected { get; init; }

    /// <summary>Models no one can be proposed of yet, each with why (e.g. the activity history is shorter than the threshold).</summary>
    public IReadOnlyList<string> Limitations { get; init; } = [];
}

public sealed class EvaluateReclamationRulesHandler(ProfileEngineDbContext db, RuleEvaluator evaluator, CandidateFlows flows, ReclaimRuns reclaims, CurrentOperator currentOperator)
    : ICommandHandler<EvaluateReclamationRules, EvaluationResult>
{
    public async ValueTask<EvaluationResult> Handle(EvaluateReclamationRules command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (!await db.IntegrationProfiles.AnyAsync(p => p.Id == command.ProfileId, cancellationToken))
        {
            throw new RequestNotFoundException(nameof(EvaluateReclamationRules), nameof(command.ProfileId), $"There is no integration profile {command.ProfileId}.");
        }

        var counts = await evaluator.EvaluateAsync(command.ProfileId, currentOperator.Name, cancellationToken);
        await flows.CancelAsync(counts.CanceledFlows, cancellationToken);
        var started = command.StartFlows ? await flows.StartPendingAsync(command.ProfileId, cancellationToken) : 0;
        var reclaimsStarted = command.StartFlows ? await reclaims.StartWaitingAsync(command.ProfileId, cancellationToken) : 0;
        return new EvaluationResult(counts.RulesApplied, counts.Created, counts.Canceled, counts.ClosedExcluded, started, reclaimsStarted)
        {
            NoLongerSelected = counts.NoLongerSelected,
            Limitations = counts.Limitations,
        };
    }
}
