using Microsoft.EntityFrameworkCore;
using ProfileEngine.Messaging;
using ProfileEngine.Persistence;
using ProfileEngine.Workflows.Persistence;

namespace ProfileEngine.Reclamation;

public sealed record RemovalCandidateView(
    string Number, long Id, CandidateState State, string StateName, string Justification, Guid ProfileId, string ProfileName,
    long? SubscriptionId, string ExternalUserId, string? UserPrincipalName, string? DisplayName, string Identifier,
    Guid? ModelId, string? ModelName, Guid? RuleId, int InactiveDays, DateTimeOffset? LastActivity, decimal PotentialSavings,
    decimal? ActualSavings, string? Currency, bool NotifyUser, string? AssignmentGroup, DateTimeOffset OpenedAt, DateTimeOffset? ClosedAt,
    string? ClosedBy, DateTimeOffset? NoticeSentAt, DateTimeOffset? AnswerDueAt, string? HolderAnswer, string? VendorMessage,
    string? VendorTrackingId, string? WorkflowInstanceId, int Version, IReadOnlyList<CandidateAction> PermittedActions)
{
    public static RemovalCandidateView Of(RemovalCandidate c)
    {
        ArgumentNullException.ThrowIfNull(c);
        return new(
            c.Number, c.Id, c.State, CandidateLifecycle.Describe(c.State), c.Justification, c.ProfileId, c.ProfileName, c.SubscriptionId,
            c.ExternalUserId, c.UserPrincipalName, c.DisplayName, c.Identifier, c.ModelId, c.ModelName, c.RuleId, c.InactiveDays,
            c.LastActivity, c.PotentialSavings, c.ActualSavings, c.Currency, c.NotifyUser, c.AssignmentGroup, c.OpenedAt, c.ClosedAt,
            c.ClosedBy, c.NoticeSentAt, c.AnswerDueAt, c.HolderAnswer, c.VendorMessage, c.VendorTrackingId, c.WorkflowInstanceId, c.Version,
            ReviewerActions(c.State));
    }

    /// <summary>What a reviewer or operator may do now (the engine's own actions are left out).</summary>
    public static IReadOnlyList<CandidateAction> ReviewerActions(CandidateState state) =>
        [.. CandidateLifecycle.PermittedActions(state).Where(DecideRemovalCandidate.PeopleActions.Contains)];
}

public sealed record CandidateWorkNoteView(DateTimeOffset At, string Author, string? Action, string? FromState, string? ToState, string Text);

/// <param name="InProgress">
/// What the engine is doing with the candidate right now, or null: <c>Reclaiming</c> (its reclaim runs or waits on a
/// vendor's Retry-After) or <c>Deciding</c> (a decision was accepted and its flow has not finished applying it). Decisions
/// made from the web run in the background, so a page or client reads this and looks again.
/// </param>
public sealed record RemovalCandidateDetails(RemovalCandidateView Candidate, IReadOnlyList<CandidateWorkNoteView> WorkNotes, string? InProgress = null)
{
    public const string Reclaiming = "Reclaiming";
    public const string Deciding = "Deciding";
}

internal static class CandidateLookup
{
    public static async Task<RemovalCandidate> FindAsync(ProfileEngineDbContext db, string number, string requestName, CancellationToken cancellationToken, bool track = true)
    {
        if (!RemovalCandidate.TryParseNumber(number, out var id))
        {
            throw new RequestNotFoundException(requestName, "Number", $"'{number}' is not a removal candidate number (like RC0001001).");
        }

        var query = track ? db.RemovalCandidates : db.RemovalCandidates.AsNoTracking();
        return await query.SingleOrDefaultAsync(c => c.Id == id, cancellationToken)
            ?? throw new RequestNotFoundException(requestName, "Number", $"There is no removal candidate {number}.");
    }

    public static async Task<RemovalCandidateDetails> DetailsAsync(ProfileEngineDbContext db, long id, CancellationToken cancellationToken)
    {
        var candidate = await db.RemovalCandidates.AsNoTracking().SingleAsync(c => c.Id == id, cancellationToken);
        var notes = await db.CandidateWorkNotes.AsNoTracking().Where(n => n.CandidateId == id).OrderBy(n => n.Id)
            .Select(n => new CandidateWorkNoteView(n.At, n.Author, n.Action, n.FromState.ToString(), n.ToState.ToString(), n.Text))
            .ToListAsync(cancellationToken);
        return new RemovalCandidateDetails(RemovalCandidateView.Of(candidate), notes, await InProgressAsync(db, candidate, cancellationToken));
    }

    private static async Task<string?> InProgressAsync(ProfileEngineDbContext db, RemovalCandidate candidate, CancellationToken cancellationToken) =>
        (await InProgressAsync(db, [candidate], cancellationToken)).GetValueOrDefault(candidate.Number);

    /// <summary>What the engine is doing with each of these candidates right now (see <see cref="RemovalCandidateDetails.InProgress"/>), by number; one query.</summary>
    public static async Task<Dictionary<string, string>> InProgressAsync(ProfileEngineDbContext db, IReadOnlyCollection<RemovalCandidate> candidates, CancellationToken cancellationToken)
    {
        var open = candidates.Where(c => CandidateLifecycle.IsOpen(c.State)).ToList();
        var instanceIds = open.SelectMany(c => new[] { c.ReclaimingInstanceId, c.WorkflowInstanceId }).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        if (instanceIds.Count == 0)
        {
            return [];
        }

        var active = await db.Set<WorkflowInstanceRecord>().AsNoTracking()
            .Where(i => instanceIds.Contains(i.Id) && (i.Status == WorkflowStatus.Running || i.Status == WorkflowStatus.Suspended))
            .ToDictionaryAsync(i => i.Id, i => i.Status, StringComparer.Ordinal, cancellationToken);
        var inProgress = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var candidate in open)
        {
            if (candidate.ReclaimingInstanceId is { } reclaim && active.ContainsKey(reclaim))
            {
                inProgress[candidate.Number] = RemovalCandidateDetails.Reclaiming;
            }
            else if (candidate.WorkflowInstanceId is { } flow && active.GetValueOrDefault(flow) == WorkflowStatus.Running)
            {
                inProgress[candidate.Number] = candidate.State == CandidateState.AwaitingRevocation ? RemovalCandidateDetails.Reclaiming : RemovalCandidateDetails.Deciding;
            }
        }

        return inProgress;
    }
}
