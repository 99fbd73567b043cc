using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using ProfileEngine.Notifications;
using ProfileEngine.Workflows.Activities;

namespace ProfileEngine.Reclamation;

/// <summary>
/// Sends the holder of an Awaiting User candidate the notice with Keep and Remove links, and sets the answer deadline
/// (days before auto-reclamation from now). The link and deadline commit before the message goes out, so the links
/// work the moment the holder reads them; a notice already sent is not sent again.
/// </summary>
[Activity("ProfileEngine.Sam.NotifyHolder", Description = "Sends the license holder a notice with Keep and Remove links through the connector's channel.")]
public sealed class NotifyHolder(HolderNotices notices) : WorkflowActivity
{
    [Input(Required = true, Description = "The removal candidate's id.")]
    public Input<long> CandidateId { get; } = new();

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        RemovalCandidate? toNotify = null;
        var linkId = (context.Checkpoint as JsonObject)?["linkId"]?.GetValue<Guid>() ?? Guid.NewGuid();
        await context.SaveCheckpointAsync(new JsonObject { ["linkId"] = linkId }, async (db, ct) =>
        {
            var candidate = await CandidateStep.LoadAsync(db, CandidateId.Get(), ct);
            if (candidate.State != CandidateState.AwaitingUser || candidate.NoticeSentAt is not null)
            {
                return;
            }

            if (!await db.Set<HolderNoticeLink>().AnyAsync(l => l.Id == linkId, ct))
            {
                var now = context.Clock.GetUtcNow();
                candidate.AnswerDueAt = now.AddDays(candidate.DaysBeforeAutoReclamation);
                HolderNotices.NewLink(db, linkId, candidate, now, candidate.AnswerDueAt.Value);
            }

            toNotify = candidate;
        }, cancellationToken);

        if (toNotify is null)
        {
            return ActivityResult.Done();
        }

        await notices.SendAsync(toNotify, linkId, HolderNotices.NoticeTemplate, cancellationToken);
        await context.SaveCheckpointAsync(null, async (db, ct) =>
        {
            var candidate = await CandidateStep.LoadAsync(db, CandidateId.Get(), ct);
            var now = context.Clock.GetUtcNow();
            candidate.NoticeSentAt = now;
            candidate.UpdatedAt = now;
            CandidateChanges.AddNote(db, candidate, CandidateChanges.SystemActor,
                $"Notice sent to {candidate.UserPrincipalName ?? candidate.ExternalUserId} through the connector's notice channel; answer due {candidate.AnswerDueAt:yyyy-MM-dd HH:mm} UTC.", now);
        }, cancellationToken);
        context.Log($"{toNotify.Number}: notice sent to the holder.");
        return ActivityResult.Done();
    }
}
