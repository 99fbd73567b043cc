using Mediator;
using ProfileEngine.Persistence;

namespace ProfileEngine.Reclamation;

/// <summary>One candidate with its history (work notes, oldest first).</summary>
public sealed record GetRemovalCandidate(string Number) : IQuery<RemovalCandidateDetails>;

public sealed class GetRemovalCandidateHandler(ProfileEngineDbContext db) : IQueryHandler<GetRemovalCandidate, RemovalCandidateDetails>
{
    public async ValueTask<RemovalCandidateDetails> Handle(GetRemovalCandidate query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var candidate = await CandidateLookup.FindAsync(db, query.Number, nameof(GetRemovalCandidate), cancellationToken, track: false);
        return await CandidateLookup.DetailsAsync(db, candidate.Id, cancellationToken);
    }
}
