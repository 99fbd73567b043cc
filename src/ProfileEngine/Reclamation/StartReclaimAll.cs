using Mediator;
using Microsoft.EntityFrameworkCore;
using ProfileEngine.Audit;
using ProfileEngine.Messaging;
using ProfileEngine.Persistence;
using Quartz;

namespace ProfileEngine.Reclamation;

/// <summary>
/// Reclaim All in the background: records the run and hands it to Quartz at once; <see cref="GetReclaimAllRun"/> shows
/// its progress and result. The same filter and limit as <see cref="ReclaimAllCandidates"/>.
/// </summary>
public sealed record StartReclaimAll(Guid? ProfileId = null, Guid? ModelId = null, string? AssignmentGroup = null, string? Note = null, int Limit = 1000)
    : ICommand<ReclaimAllRunView>, IAuditedCommand;

/// <summary>One background Reclaim All with its progress.</summary>
public sealed record GetReclaimAllRun(Guid RunId) : IQuery<ReclaimAllRunView>;

public sealed class StartReclaimAllValidator : IValidator<StartReclaimAll>
{
    public ValueTask ValidateAsync(StartReclaimAll request, ValidationErrors errors, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(errors);
        if (request.Limit is < 1 or > 10_000)
        {
            errors.Add(nameof(request.Limit), "Limit must be between 1 and 10000.");
        }

        if (request.Note is { Length: > 4000 })
        {
            errors.Add(nameof(request.Note), "Note must be at most 4000 characters.");
        }

        return ValueTask.CompletedTask;
    }
}

public sealed class StartReclaimAllHandler(ProfileEngineDbContext db, ISchedulerFactory schedulers, CurrentOperator currentOperator, TimeProvider clock)
    : ICommandHandler<StartReclaimAll, ReclaimAllRunView>
{
    public async ValueTask<ReclaimAllRunView> Handle(StartReclaimAll command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var now = clock.GetUtcNow();
        var filter = new ListRemovalCandidates(command.ProfileId, CandidateState.Ready, ModelId: command.ModelId, AssignmentGroup: command.AssignmentGroup);
        var matched = Math.Min(command.Limit, await ListRemovalCandidatesHandler.Filter(db, filter).CountAsync(cancellationToken));
        var run = new ReclaimAllRun
        {
            Id = Guid.CreateVersion7(now), ProfileId = command.ProfileId, ModelId = command.ModelId, AssignmentGroup = command.AssignmentGroup,
            Note = command.Note, Limit = command.Limit, RequestedBy = currentOperator.Name, RequestedAt = now, Matched = matched,
            Status = matched == 0 ? BackgroundRunStatus.Finished : BackgroundRunStatus.Queued, FinishedAt = matched == 0 ? now : null,
        };
        db.ReclaimAllRuns.Add(run);
        await db.SaveChangesAsync(cancellationToken);
        if (matched > 0)
        {
            await ReclaimAllJob.EnqueueAsync(await schedulers.GetScheduler(cancellationToken), clock, run.Id, cancellationToken);
        }

        return ReclaimAllRunView.Of(run);
    }
}

public sealed class GetReclaimAllRunHandler(ProfileEngineDbContext db) : IQueryHandler<GetReclaimAllRun, ReclaimAllRunView>
{
    public async ValueTask<ReclaimAllRunView> Handle(GetReclaimAllRun query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var run = await db.ReclaimAllRuns.AsNoTracking().SingleOrDefaultAsync(r => r.Id == query.RunId, cancellationToken)
            ?? throw new RequestNotFoundException(nameof(GetReclaimAllRun), nameof(query.RunId), $"There is no Reclaim All run {query.RunId}.");
        return ReclaimAllRunView.Of(run);
    }
}
