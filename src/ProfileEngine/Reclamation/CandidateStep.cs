using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using ProfileEngine.Workflows.Activities;

namespace ProfileEngine.Reclamation;

/// <summary>
/// What the candidate flow's activities share: reading the candidate inside the step's own commit, applying a decision
/// that arrived as an event payload, and routing by the state the candidate is in now. The flow follows the
/// candidate's state, so a change made outside the flow (a close, fresh activity) is simply where it goes next.
/// </summary>
public static class CandidateStep
{
    public const string NotifyOutcome = "Notify";
    public const string ReviewOutcome = "Review";
    public const string ReclaimOutcome = "Reclaim";
    public const string ClosedOutcome = "Closed";

    public static async Task<RemovalCandidate> LoadAsync(DbContext db, long candidateId, CancellationToken cancellationToken) =>
        await db.Set<RemovalCandidate>().SingleOrDefaultAsync(c => c.Id == candidateId, cancellationToken)
        ?? throw new InvalidOperationException($"There is no removal candidate {RemovalCandidate.FormatNumber(candidateId)}.");

    /// <summary>Applies the decision in an event payload when the candidate's state still allows it; otherwise logs why not.</summary>
    public static void ApplyDecision(DbContext db, ActivityContext context, RemovalCandidate candidate, JsonNode? payload, IReadOnlySet<CandidateAction> accepted)
    {
        var actionText = payload?["action"]?.GetValue<string>();
        if (!Enum.TryParse<CandidateAction>(actionText, ignoreCase: false, out var action) || !accepted.Contains(action))
        {
            context.Log($"{candidate.Number}: ignored a decision '{actionText}' this step does not take.");
            return;
        }

        if (CandidateLifecycle.Target(candidate.State, action, candidate.NotifiesHolder) is null)
        {
            context.Log($"{candidate.Number}: {CandidateLifecycle.Describe(action)} arrived while {CandidateLifecycle.Describe(candidate.State)}; nothing changed.");
            return;
        }

        var actor = payload?["actor"]?.GetValue<string>() ?? CandidateChanges.SystemActor;
        var note = payload?["note"]?.GetValue<string>();
        var to = CandidateChanges.Apply(db, candidate, action, actor, note, context.Clock.GetUtcNow());
        context.Log($"{candidate.Number}: {CandidateLifecycle.Describe(action)} by {actor} → {CandidateLifecycle.Describe(to)}.");
    }

    /// <summary>Waits for a decision on the candidate's number.</summary>
    public static BookmarkRequest Decision(RemovalCandidate candidate) => Decision(candidate.Id);

    public static BookmarkRequest Decision(long candidateId) => BookmarkRequest.ForEvent(CandidateFlows.DecisionEvent, RemovalCandidate.FormatNumber(candidateId));
}
