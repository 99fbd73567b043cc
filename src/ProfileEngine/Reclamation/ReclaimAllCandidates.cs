using Mediator;
using Microsoft.EntityFrameworkCore;
using ProfileEngine.Audit;
using ProfileEngine.Messaging;
using ProfileEngine.Persistence;

namespace ProfileEngine.Reclamation;

/// <summary>
/// Reclaim All: the Reclaim decision for every Ready candidate matching the filter (ServiceNow offers it on Ready
/// candidates only). Each goes through its own flow, one after another; one that moved meanwhile is counted, not fatal.
/// </summary>
public sealed record ReclaimAllCandidates(Guid? ProfileId = null, Guid? ModelId = null, string? AssignmentGroup = null, string? Note = null, int Limit = 1000)
    : ICommand<ReclaimAllResult>, IAuditedCommand;

public sealed record ReclaimAllResult(int Matched, int Decided, int Skipped, IReadOnlyList<string> Problems);

public sealed class ReclaimAllCandidatesValidator : IValidator<ReclaimAllCandidates>
{
    public ValueTask ValidateAsync(ReclaimAllCandidates request, ValidationErrors errors, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(errors);
        if (request.Limit is < 1 or > 10_000)
        {
            errors.Add(nameof(request.Limit), "Limit must be between 1 and 10000.");
        }

        return ValueTask.CompletedTask;
    }
}

public sealed class ReclaimAllCandidatesHandler(ProfileEngineDbContext db, ISender sender) : ICommandHandler<ReclaimAllCandidates, ReclaimAllResult>
{
    public async ValueTask<ReclaimAllResult> Handle(ReclaimAllCandidates command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var filter = new ListRemovalCandidates(command.ProfileId, CandidateState.Ready, ModelId: command.ModelId, AssignmentGroup: command.AssignmentGroup);
        var numbers = await ListRemovalCandidatesHandler.Filter(db, filter).OrderBy(c => c.Id).Take(command.Limit).Select(c => c.Id).ToListAsync(cancellationToken);
        var decided = 0;
        var problems = new List<string>();
        foreach (var id in numbers)
        {
            var number = RemovalCandidate.FormatNumber(id);
            try
            {
                await sender.Send(new DecideRemovalCandidate(number, CandidateAction.Reclaim, command.Note), cancellationToken);
                decided++;
            }
            catch (Exception e) when (e is IllegalCandidateTransitionException or RequestConflictException)
            {
                problems.Add(e.Message);
            }
        }

        return new ReclaimAllResult(numbers.Count, decided, numbers.Count - decided, problems);
    }
}
