using Mediator;
using Microsoft.EntityFrameworkCore;
using ProfileEngine.Audit;
using ProfileEngine.Messaging;
using ProfileEngine.Persistence;
using ProfileEngine.Workflows.Persistence;
using ProfileEngine.Workflows.Runtime;

namespace ProfileEngine.Reclamation;

/// <summary>
/// A reviewer's or operator's decision on one candidate: Reclaim or Close Skipped on Ready; Approve Keep or Reject Keep
/// on Awaiting Approval; Resume Reclaim or Return to Ready on Attention Required; Close Complete / Close Skipped to
/// close by hand. Decisions the candidate's flow waits for go to the flow (exactly one of two simultaneous decisions
/// wins; the other is refused with the state it found); the others change the candidate here and start what follows.
/// </summary>
public sealed record DecideRemovalCandidate(string Number, CandidateAction Action, string? Note = null, int? Version = null)
    : ICommand<RemovalCandidateDetails>, IAuditedCommand
{
    /// <summary>The actions people take; the rest are the engine's.</summary>
    public static readonly IReadOnlySet<CandidateAction> PeopleActions = new HashSet<CandidateAction>
    {
        CandidateAction.Reclaim, CandidateAction.CloseSkipped, CandidateAction.CloseComplete, CandidateAction.ApproveKeep,
        CandidateAction.RejectKeep, CandidateAction.ResumeReclaim, CandidateAction.ReturnToReady,
    };
}

public sealed class DecideRemovalCandidateValidator : IValidator<DecideRemovalCandidate>
{
    public ValueTask ValidateAsync(DecideRemovalCandidate request, ValidationErrors errors, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(errors);
        errors.Required(nameof(request.Number), request.Number);
        if (!DecideRemovalCandidate.PeopleActions.Contains(request.Action))
        {
            errors.Add(nameof(request.Action), $"Action must be one of {string.Join(", ", DecideRemovalCandidate.PeopleActions)}; {request.Action} is the engine's own.");
        }

        if (request.Note is { Length: > 4000 })
        {
            errors.Add(nameof(request.Note), "Note must be at most 4000 characters.");
        }

        return ValueTask.CompletedTask;
    }
}

public sealed class DecideRemovalCandidateHandler(
    ProfileEngineDbContext db,
    CandidateFlows flows,
    ReclaimRuns reclaims,
    CurrentOperator currentOperator,
    TimeProvider clock) : ICommandHandler<DecideRemovalCandidate, RemovalCandidateDetails>
{
    private static readonly HashSet<CandidateState> FlowWaits = new()
    {
        CandidateState.Ready, CandidateState.AwaitingUser, CandidateState.AwaitingApproval,
    };

    public async ValueTask<RemovalCandidateDetails> Handle(DecideRemovalCandidate command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var candidate = await CandidateLookup.FindAsync(db, command.Number, nameof(DecideRemovalCandidate), cancellationToken, track: false);
        if (command.Version is { } version && version != candidate.Version)
        {
            throw new RequestConflictException(nameof(DecideRemovalCandidate), nameof(command.Version),
                $"{candidate.Number} changed since version {version} (it is {CandidateLifecycle.Describe(candidate.State)}, version {candidate.Version}); read it again.");
        }

        _ = CandidateLifecycle.Next(candidate.Number, candidate.State, command.Action, candidate.NotifiesHolder);
        var actor = currentOperator.Name;
        if (FlowWaits.Contains(candidate.State))
        {
            await DecideThroughFlowAsync(candidate, command, actor, cancellationToken);
        }
        else
        {
            await DecideHereAsync(candidate.Id, command, actor, cancellationToken);
        }

        return await CandidateLookup.DetailsAsync(db, candidate.Id, cancellationToken);
    }

    private async Task DecideThroughFlowAsync(RemovalCandidate candidate, DecideRemovalCandidate command, string actor, CancellationToken cancellationToken)
    {
        // Two reviewers who read the same candidate: only a decision made on the candidate as it still is may reach its
        // flow, or the second would land on whatever the first one led to (even on a later wait of the same flow). The
        // version read is compared and moved on in the transaction that claims the flow's wait, so exactly one gets through.
        var outcome = await flows.SignalAsync(candidate, command.Action, actor, command.Note, candidate.Version, cancellationToken);
        if (outcome == ResumeOutcome.NotFound && candidate.WorkflowInstanceId is null && candidate.State == CandidateState.Ready)
        {
            // The flow has to reach its wait before the decision can reach it, so it starts here even for a web request.
            using (WorkflowDispatch.RunHere())
            {
                await flows.StartAsync(candidate.Id, cancellationToken);
            }

            // A flow's start only claims the candidate (its version stays), so the version read still decides.
            outcome = await flows.SignalAsync(candidate, command.Action, actor, command.Note, candidate.Version, cancellationToken);
        }

        if (outcome == ResumeOutcome.Resumed)
        {
            return;
        }

        // Refused (the candidate changed since it was read) or nobody waited (the flow is between steps). Report what is true now.
        var now = await db.RemovalCandidates.AsNoTracking().SingleAsync(c => c.Id == candidate.Id, cancellationToken);
        if (now.State != candidate.State)
        {
            throw new IllegalCandidateTransitionException(now.Number, now.State, command.Action);
        }

        throw new RequestConflictException(nameof(DecideRemovalCandidate), nameof(command.Number), outcome == ResumeOutcome.Refused
            ? $"{candidate.Number} was decided or changed by someone else a moment ago (version {now.Version}); read it again."
            : $"{candidate.Number}'s flow is not waiting for a decision right now (it is between steps); try again in a moment.");
    }

    private async Task DecideHereAsync(long id, DecideRemovalCandidate command, string actor, CancellationToken cancellationToken)
    {
        var candidate = await db.RemovalCandidates.SingleAsync(c => c.Id == id, cancellationToken);
        if (candidate.ReclaimingInstanceId is { } running)
        {
            throw new RequestConflictException(nameof(DecideRemovalCandidate), nameof(command.Number),
                $"{candidate.Number} is being reclaimed right now (run {running}); wait for its result.");
        }

        // Between a Reclaim reaching the flow and its reclaim run claiming the candidate, the flow itself is running:
        // a decision by hand then would race the removal.
        if (candidate.WorkflowInstanceId is { } flowId
            && await db.Set<WorkflowInstanceRecord>().AnyAsync(i => i.Id == flowId && i.Status == WorkflowStatus.Running, cancellationToken))
        {
            throw new RequestConflictException(nameof(DecideRemovalCandidate), nameof(command.Number), candidate.State == CandidateState.AwaitingRevocation
                ? $"{candidate.Number} is being reclaimed right now (its flow {flowId} is starting the removal); wait for its result."
                : $"{candidate.Number}'s flow {flowId} is applying a step right now; try again in a moment.");
        }

        var flow = candidate.WorkflowInstanceId;
        var to = CandidateChanges.Apply(db, candidate, command.Action, actor, command.Note, clock.GetUtcNow());
        if (to == CandidateState.Ready)
        {
            candidate.WorkflowInstanceId = null;
        }

        if (to == CandidateState.AwaitingRevocation)
        {
            candidate.ReclaimingInstanceId = null;
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            var now = await db.RemovalCandidates.AsNoTracking().SingleAsync(c => c.Id == id, cancellationToken);
            throw new IllegalCandidateTransitionException(now.Number, now.State, command.Action);
        }

        switch (to)
        {
            case CandidateState.AwaitingRevocation:
                await reclaims.StartAsync(id, cancellationToken);
                break;
            case CandidateState.Ready:
                await flows.StartAsync(id, cancellationToken);
                break;
            default:
                if (!CandidateLifecycle.IsOpen(to) && flow is not null)
                {
                    await flows.CancelAsync([flow], cancellationToken);
                }

                break;
        }
    }
}
