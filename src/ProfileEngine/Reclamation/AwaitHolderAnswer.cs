using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using ProfileEngine.Notifications;
using ProfileEngine.Workflows.Activities;

namespace ProfileEngine.Reclamation;

/// <summary>
/// Waits for the holder's answer to the notice until the deadline: Keep ⇒ Awaiting Approval (leaves by Review),
/// Remove or no answer by the deadline ⇒ Awaiting Revocation (leaves by Reclaim). With a reminder set on the rule, a
/// timer before the deadline sends it once and the wait goes on.
/// </summary>
[Activity("ProfileEngine.Sam.AwaitHolderAnswer", Outcomes = [CandidateStep.ReviewOutcome, CandidateStep.ReclaimOutcome, CandidateStep.ClosedOutcome],
    Description = "Waits for the license holder's Keep/Remove answer or the auto-reclamation deadline.")]
public sealed class AwaitHolderAnswer(HolderNotices notices) : WorkflowActivity
{
    private const string Deadline = "deadline";
    private const string Reminder = "reminder";

    private static readonly IReadOnlySet<CandidateAction> Accepted = new HashSet<CandidateAction>
    {
        CandidateAction.HolderKeep, CandidateAction.HolderRemove, CandidateAction.CloseSkipped,
    };

    [Input(Required = true, Description = "The removal candidate's id.")]
    public Input<long> CandidateId { get; } = new();

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ActivityResult? result = null;
        await context.SaveCheckpointAsync(null, async (db, ct) =>
        {
            var candidate = await CandidateStep.LoadAsync(db, CandidateId.Get(), ct);
            result = Route(candidate, context, reminderSent: false);
        }, cancellationToken);
        return result!;
    }

    public override async ValueTask<ActivityResult> ResumeAsync(ActivityContext context, BookmarkResumption resumption, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(resumption);
        var kind = resumption.Data?["kind"]?.GetValue<string>();
        if (kind == Reminder)
        {
            await SendReminderAsync(context, cancellationToken);
        }

        ActivityResult? result = null;
        await context.SaveCheckpointAsync(null, async (db, ct) =>
        {
            var candidate = await CandidateStep.LoadAsync(db, CandidateId.Get(), ct);
            if (kind == Deadline && candidate.State == CandidateState.AwaitingUser)
            {
                CandidateChanges.Apply(db, candidate, CandidateAction.NoAnswer, CandidateChanges.SystemActor,
                    $"No answer by {candidate.AnswerDueAt:yyyy-MM-dd HH:mm} UTC: the license is reclaimed automatically.", context.Clock.GetUtcNow());
            }
            else if (resumption.EventName is not null)
            {
                CandidateStep.ApplyDecision(db, context, candidate, resumption.Payload, Accepted);
            }

            result = Route(candidate, context, reminderSent: kind == Reminder);
        }, cancellationToken);
        return result!;
    }

    private static ActivityResult Route(RemovalCandidate candidate, ActivityContext context, bool reminderSent)
    {
        switch (candidate.State)
        {
            case CandidateState.AwaitingApproval:
                return ActivityResult.Outcome(CandidateStep.ReviewOutcome);
            case CandidateState.AwaitingRevocation:
                return ActivityResult.Outcome(CandidateStep.ReclaimOutcome);
            case CandidateState.AwaitingUser:
                break;
            default:
                return ActivityResult.Outcome(CandidateStep.ClosedOutcome);
        }

        var due = candidate.AnswerDueAt ?? context.Clock.GetUtcNow().AddDays(candidate.DaysBeforeAutoReclamation);
        var waits = new List<BookmarkRequest>
        {
            CandidateStep.Decision(candidate),
            BookmarkRequest.Until(due) with { Data = new JsonObject { ["kind"] = Deadline } },
        };
        if (!reminderSent && candidate.ReminderDaysBeforeDeadline is { } days && due.AddDays(-days) is var remindAt && remindAt > context.Clock.GetUtcNow())
        {
            waits.Add(BookmarkRequest.Until(remindAt) with { Data = new JsonObject { ["kind"] = Reminder } });
        }

        return ActivityResult.Suspend([.. waits]);
    }

    private async Task SendReminderAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        RemovalCandidate? candidate = null;
        Guid? linkId = null;
        await context.SaveCheckpointAsync(null, async (db, ct) =>
        {
            var loaded = await CandidateStep.LoadAsync(db, CandidateId.Get(), ct);
            if (loaded.State != CandidateState.AwaitingUser)
            {
                return;
            }

            candidate = loaded;
            linkId = await db.Set<HolderNoticeLink>().Where(l => l.CandidateId == loaded.Id && l.UsedAt == null)
                .OrderByDescending(l => l.CreatedAt).Select(l => (Guid?)l.Id).FirstOrDefaultAsync(ct);
            CandidateChanges.AddNote(db, loaded, CandidateChanges.SystemActor, "Reminder sent to the holder.", context.Clock.GetUtcNow());
        }, cancellationToken);
        if (candidate is not null && linkId is { } id)
        {
            await notices.SendAsync(candidate, id, HolderNotices.ReminderTemplate, cancellationToken);
            context.Log($"{candidate.Number}: reminder sent.");
        }
    }
}
