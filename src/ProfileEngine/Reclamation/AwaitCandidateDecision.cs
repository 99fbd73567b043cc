using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using ProfileEngine.Persistence;
using ProfileEngine.Workflows.Activities;
using ProfileEngine.Workflows.Persistence;

namespace ProfileEngine.Reclamation;

/// <summary>
/// The reviewer's step: waits while the candidate is Ready (Reclaim or Close Skipped) or Awaiting Approval (Approve
/// Keep or Reject Keep). With "reclaim without review" a Ready candidate proceeds at once. Leaves by the state the
/// candidate reached: Notify (Awaiting User), Reclaim (Awaiting Revocation) or Closed.
/// </summary>
[Activity("ProfileEngine.Sam.AwaitCandidateDecision", Outcomes = [CandidateStep.NotifyOutcome, CandidateStep.ReclaimOutcome, CandidateStep.ClosedOutcome],
    Description = "Waits for a reviewer's decision on a removal candidate (Ready or Awaiting Approval).")]
public sealed class AwaitCandidateDecision : WorkflowActivity
{
    private static readonly IReadOnlySet<CandidateAction> Accepted = new HashSet<CandidateAction>
    {
        CandidateAction.Reclaim, CandidateAction.CloseSkipped, CandidateAction.CloseComplete, CandidateAction.ApproveKeep, CandidateAction.RejectKeep,
    };

    private const int MaxAttempts = 3;

    // It reads and changes the candidate only in the flow's own commits (the claim, a decision's checkpoint).
    public override bool EffectsCommitWithInstance => true;

    [Input(Required = true, Description = "The removal candidate's id.")]
    public Input<long> CandidateId { get; } = new();

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);

        // The common start, a Ready candidate waiting for its reviewer, only claims the candidate for this flow: that
        // write rides in the commit of the bookmark instead of a commit of its own (it halves the cost of starting
        // 10,000 flows). A new flow's candidate is nearly always Ready, unclaimed and under review, so a start claims
        // it on just that condition without reading it first; when the condition does not hold, the claim refuses and
        // the start runs again, reading the candidate.
        var id = CandidateId.Get();
        if (context.IsUncommittedStart && !context.IsStartedAgain)
        {
            var newInstance = context.InstanceId;
            context.CommitWithResult((db, ct) => ClaimReadyAsync(db, id, newInstance, ct));
            return ActivityResult.Suspend(CandidateStep.Decision(id));
        }

        var gate = await context.ReadAsync<ProfileEngineDbContext, CandidateGate?>((db, ct) => ReadGateAsync(db, id, ct), cancellationToken);
        if (gate is { State: CandidateState.Ready, ReclaimWithoutReview: false, WorkflowInstanceId: null })
        {
            var instance = context.InstanceId;
            context.CommitWithResult((db, ct) => ClaimAsync(db, id, instance, ct));
            return ActivityResult.Suspend(CandidateStep.Decision(id));
        }

        return await AdvanceAsync(context, null, cancellationToken);
    }

    public override ValueTask<ActivityResult> ResumeAsync(ActivityContext context, BookmarkResumption resumption, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(resumption);
        return AdvanceAsync(context, resumption.Payload, cancellationToken);
    }

    // The start of every candidate flow runs these two; EF's pipeline costs several times the statements here, so they
    // are plain SQL on the model's mapping, kept prepared on the runtime's open connections.
    private static async Task<CandidateGate?> ReadGateAsync(DbContext db, long id, CancellationToken cancellationToken) =>
        (await PlainSql.QueryAsync<RemovalCandidate, CandidateGate>(
            db,
            "SELECT [State], [ReclaimWithoutReview], [WorkflowInstanceId] FROM {table} WHERE [Id] = {0}",
            reader => new CandidateGate(
                Enum.Parse<CandidateState>(reader.GetString(0)),
                Convert.ToBoolean(reader.GetValue(1), CultureInfo.InvariantCulture),
                reader.IsDBNull(2) ? null : reader.GetString(2)),
            cancellationToken,
            (nameof(RemovalCandidate.Id), id))).FirstOrDefault();

    /// <summary>
    /// Makes a Ready candidate under review this flow's, unless a flow has it already, in the commit of the flow's
    /// bookmark; anything else refuses the start (see <see cref="ActivityContext.IsUncommittedStart"/>).
    /// </summary>
    private static async Task ClaimReadyAsync(DbContext db, long id, string instanceId, CancellationToken cancellationToken)
    {
        var claimed = await PlainSql.ExecuteAsync<RemovalCandidate>(
            db,
            "UPDATE {table} SET [WorkflowInstanceId] = {0} WHERE [Id] = {1} AND [WorkflowInstanceId] IS NULL AND [State] = {2} AND [ReclaimWithoutReview] = {3}",
            cancellationToken,
            (nameof(RemovalCandidate.WorkflowInstanceId), instanceId),
            (nameof(RemovalCandidate.Id), id),
            (nameof(RemovalCandidate.State), CandidateState.Ready),
            (nameof(RemovalCandidate.ReclaimWithoutReview), false));
        if (claimed == 0)
        {
            throw new StartAgainException($"Removal candidate {RemovalCandidate.FormatNumber(id)} is not Ready, unclaimed and under review.");
        }
    }

    /// <summary>Makes the candidate this flow's, unless a flow has it already; in the commit of the flow's bookmark.</summary>
    private static Task<int> ClaimAsync(DbContext db, long id, string instanceId, CancellationToken cancellationToken) =>
        PlainSql.ExecuteAsync<RemovalCandidate>(
            db,
            "UPDATE {table} SET [WorkflowInstanceId] = {0} WHERE [Id] = {1} AND [WorkflowInstanceId] IS NULL",
            cancellationToken,
            (nameof(RemovalCandidate.WorkflowInstanceId), instanceId),
            (nameof(RemovalCandidate.Id), id));

    private async ValueTask<ActivityResult> AdvanceAsync(ActivityContext context, JsonNode? decision, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ActivityResult? result = null;
        await context.SaveCheckpointAsync(null, async (db, ct) =>
        {
            // The candidate may move on between reading and writing it: a second reviewer's decision claims its version
            // on the way to this flow (and then finds the bookmark taken), or an evaluation closes it. Reading it again
            // and deciding on what is there now keeps that from faulting the flow with the first decision unapplied.
            for (var attempt = 1; ; attempt++)
            {
                result = await DecideOnAsync(db, context, decision, ct);
                try
                {
                    await db.SaveChangesAsync(ct);
                    return;
                }
                catch (DbUpdateConcurrencyException) when (attempt < MaxAttempts)
                {
                    db.ChangeTracker.Clear();
                }
            }
        }, cancellationToken);
        return result!;
    }

    private async Task<ActivityResult> DecideOnAsync(DbContext db, ActivityContext context, JsonNode? decision, CancellationToken ct)
    {
        var candidate = await CandidateStep.LoadAsync(db, CandidateId.Get(), ct);
        if (candidate.WorkflowInstanceId is { } owner && owner != context.InstanceId)
        {
            context.Log($"{candidate.Number} is driven by flow {owner}; this flow ends.");
            return ActivityResult.Outcome(CandidateStep.ClosedOutcome);
        }

        candidate.WorkflowInstanceId = context.InstanceId;
        if (decision is not null)
        {
            CandidateStep.ApplyDecision(db, context, candidate, decision, Accepted);
        }

        if (candidate.State == CandidateState.Ready && candidate.ReclaimWithoutReview)
        {
            CandidateChanges.Apply(db, candidate, CandidateAction.Reclaim, CandidateChanges.SystemActor,
                "Reclaim without review: the rule lets the candidate proceed without a reviewer.", context.Clock.GetUtcNow());
        }

        return candidate.State switch
        {
            CandidateState.AwaitingUser => ActivityResult.Outcome(CandidateStep.NotifyOutcome),
            CandidateState.AwaitingRevocation => ActivityResult.Outcome(CandidateStep.ReclaimOutcome),
            CandidateState.Ready or CandidateState.AwaitingApproval or CandidateState.AttentionRequired => ActivityResult.Suspend(CandidateStep.Decision(candidate)),
            _ => ActivityResult.Outcome(CandidateStep.ClosedOutcome),
        };
    }
}

/// <summary>What decides whether a new candidate flow just waits for its reviewer.</summary>
internal sealed record CandidateGate(CandidateState State, bool ReclaimWithoutReview, string? WorkflowInstanceId);
