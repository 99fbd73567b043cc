using Mediator;
using Microsoft.EntityFrameworkCore;
using ProfileEngine.Messaging;
using ProfileEngine.Persistence;

namespace ProfileEngine.Reclamation;

/// <summary>The reviewer's queue: filter by profile, state (or open only), model, assignment group, user; newest first.</summary>
public sealed record ListRemovalCandidates(
    Guid? ProfileId = null,
    CandidateState? State = null,
    bool? Open = null,
    Guid? ModelId = null,
    string? AssignmentGroup = null,
    string? User = null,
    int Skip = 0,
    int Take = 100) : IQuery<RemovalCandidatePage>;

/// <param name="InProgress">The candidates of this page the engine is working on right now, by number (<c>Reclaiming</c> or <c>Deciding</c>).</param>
public sealed record RemovalCandidatePage(int Total, IReadOnlyList<RemovalCandidateView> Items, IReadOnlyDictionary<string, string> InProgress);

public sealed class ListRemovalCandidatesValidator : IValidator<ListRemovalCandidates>
{
    public ValueTask ValidateAsync(ListRemovalCandidates request, ValidationErrors errors, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(errors);
        errors.Page(request.Skip, request.Take);

        return ValueTask.CompletedTask;
    }
}

public sealed class ListRemovalCandidatesHandler(ProfileEngineDbContext db) : IQueryHandler<ListRemovalCandidates, RemovalCandidatePage>
{
    public async ValueTask<RemovalCandidatePage> Handle(ListRemovalCandidates query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var candidates = Filter(db, query);
        var total = await candidates.CountAsync(cancellationToken);
        var page = await candidates.OrderByDescending(c => c.Id).Skip(query.Skip).Take(query.Take).ToListAsync(cancellationToken);
        return new RemovalCandidatePage(total, [.. page.Select(RemovalCandidateView.Of)], await CandidateLookup.InProgressAsync(db, page, cancellationToken));
    }

    /// <summary>The same filter Reclaim All uses.</summary>
    public static IQueryable<RemovalCandidate> Filter(ProfileEngineDbContext db, ListRemovalCandidates query)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(query);
        var candidates = db.RemovalCandidates.AsNoTracking();
        if (query.ProfileId is { } profile)
        {
            candidates = candidates.Where(c => c.ProfileId == profile);
        }

        if (query.State is { } state)
        {
            candidates = candidates.Where(c => c.State == state);
        }

        if (query.Open is { } open)
        {
            var closed = CandidateLifecycle.ClosedStates.ToList();
            candidates = open ? candidates.Where(c => !closed.Contains(c.State)) : candidates.Where(c => closed.Contains(c.State));
        }

        if (query.ModelId is { } model)
        {
            candidates = candidates.Where(c => c.ModelId == model);
        }

        if (!string.IsNullOrWhiteSpace(query.AssignmentGroup))
        {
            candidates = candidates.Where(c => c.AssignmentGroup == query.AssignmentGroup);
        }

        if (!string.IsNullOrWhiteSpace(query.User))
        {
            var pattern = $"%{query.User.Trim()}%";
            // Case-insensitive on both stores: SQLite's LIKE is; PostgreSQL's needs ILIKE.
            candidates = db.Database.IsNpgsql()
                ? candidates.Where(c => EF.Functions.ILike(c.UserPrincipalName ?? "", pattern) || EF.Functions.ILike(c.DisplayName ?? "", pattern))
                : candidates.Where(c => EF.Functions.Like(c.UserPrincipalName ?? "", pattern) || EF.Functions.Like(c.DisplayName ?? "", pattern));
        }

        return candidates;
    }
}
