using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using ProfileEngine.Workflows.Activities;

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

    [Input(Required = true, Description = "The removal candidate's id.")]
    public Input<long> CandidateId { get; } = new();

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken) =>
        AdvanceAsync(context, null, cancellationToken);

    public override ValueTask<ActivityResult> ResumeAsync(ActivityContext context, BookmarkResumption resumption, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(resumption);
        return AdvanceAsync(context, resumption.Payload, cancellationToken);
    }

    private async ValueTask<ActivityResult> AdvanceAsync(ActivityContext context, JsonNode? decision, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ActivityResult? result = null;
        await context.SaveCheckpointAsync(null, async (db, ct) =>
        {
            var candidate = await CandidateStep.LoadAsync(db, CandidateId.Get(), ct);
            if (candidate.WorkflowInstanceId is { } owner && owner != context.InstanceId)
            {
                context.Log($"{candidate.Number} is driven by flow {owner}; this flow ends.");
                result = ActivityResult.Outcome(CandidateStep.ClosedOutcome);
                return;
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

            result = candidate.State switch
            {
                CandidateState.AwaitingUser => ActivityResult.Outcome(CandidateStep.NotifyOutcome),
                CandidateState.AwaitingRevocation => ActivityResult.Outcome(CandidateStep.ReclaimOutcome),
                CandidateState.Ready or CandidateState.AwaitingApproval or CandidateState.AttentionRequired => ActivityResult.Suspend(CandidateStep.Decision(candidate)),
                _ => ActivityResult.Outcome(CandidateStep.ClosedOutcome),
            };
        }, cancellationToken);
        return result!;
    }
}
