using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using ProfileEngine.Connections;
using ProfileEngine.Connectors.Webex;
using ProfileEngine.Connectors.Webex.Models;
using ProfileEngine.Persistence;
using ProfileEngine.Workflows.Activities;
using ProfileEngine.Reclamation;
using ProfileEngine.Connectors.Webex.Connections;

namespace ProfileEngine.Connectors.Webex.Reclamation;

/// <summary>
/// Removes exactly the candidate's license with <c>PATCH /v1/licenses/users</c> (operation remove). The intent is
/// committed before the call; when a run finds an earlier intent (a crash after the vendor answered, a retry, Resume
/// Reclaim) it asks Webex whether the person still holds the license before calling again, so a license is never
/// removed twice. Success ⇒ Closed Complete with the savings; a vendor error or partial result ⇒ Attention Required
/// with the vendor's message and trackingId.
/// </summary>
[Activity("ProfileEngine.Webex.RemoveLicense", Outcomes = [ReclaimedOutcome, AttentionRequiredOutcome, CandidateStep.ClosedOutcome],
    Description = "Removes the candidate's Webex license from its holder, at most once.")]
public sealed class RemoveLicense(IDbContextFactory<ProfileEngineDbContext> databases, ConnectedWebexClients clients) : WorkflowActivity
{
    public const string ReclaimedOutcome = "Reclaimed";
    public const string AttentionRequiredOutcome = "AttentionRequired";

    [Input(Required = true, Description = "The removal candidate's id.")]
    public Input<long> CandidateId { get; } = new();

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var id = CandidateId.Get();
        var target = await ReclaimTarget.LoadAsync(databases, id, cancellationToken);
        var candidate = target?.Candidate;
        if (!ReclaimSteps.OwnedBy(target, context))
        {
            context.Log($"{RemovalCandidate.FormatNumber(id)} is not awaiting revocation by this run; nothing removed.");
            return ActivityResult.Outcome(CandidateStep.ClosedOutcome);
        }

        var client = await target!.ClientAsync(clients, cancellationToken);
        if (candidate!.ReclaimIntentAt is not null)
        {
            var stillHeld = await StillHeldAsync(client, candidate, cancellationToken);
            if (stillHeld is false)
            {
                return await ReclaimedAsync(context, id, "Webex no longer lists the license after the earlier attempt; recorded as reclaimed without calling again.", cancellationToken);
            }
        }

        await ReclaimSteps.SaveIntentAsync(context, candidate, cancellationToken);

        LicenseUpdateResult result;
        try
        {
            result = await client.RemoveLicenseAsync(candidate.ExternalUserId, candidate.Identifier, cancellationToken);
        }
        catch (WebexApiException e)
        {
            return await FailedAsync(context, id, ReclaimTarget.Describe(e), e.TrackingId, cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutException or Polly.Timeout.TimeoutRejectedException
            || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return await FailedAsync(context, id, $"no answer from Webex ({e.Message}); the license may or may not be removed. Resume Reclaim checks Webex before calling again.", null, cancellationToken);
        }

        if (result.IsPartial || result.NotApplied.Count > 0 || result.Response.Licenses.Contains(candidate.Identifier, StringComparer.Ordinal))
        {
            var message = $"Webex applied the change only in part{(result.IsPartial ? " (206)" : "")}: the license is still assigned. {result.Response.Message}".Trim();
            return await FailedAsync(context, id, message, result.Response.TrackingId, cancellationToken);
        }

        return await ReclaimedAsync(context, id,
            $"Removed license {candidate.Identifier} from {candidate.UserPrincipalName ?? candidate.ExternalUserId} at Webex{(result.Response.TrackingId is null ? "" : $" (trackingId {result.Response.TrackingId})")}.",
            cancellationToken);
    }

    /// <summary>True or false when Webex answered; null when it could not be asked (then the removal is simply tried).</summary>
    private static async Task<bool?> StillHeldAsync(WebexClient client, RemovalCandidate candidate, CancellationToken cancellationToken)
    {
        try
        {
            var person = await client.GetPersonAsync(candidate.ExternalUserId, cancellationToken);
            return person.Licenses.Contains(candidate.Identifier, StringComparer.Ordinal);
        }
        catch (WebexApiException e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    private static Task<ActivityResult> ReclaimedAsync(ActivityContext context, long id, string note, CancellationToken cancellationToken) =>
        ReclaimSteps.ReclaimedAsync(context, id, note, ReclaimedOutcome, cancellationToken);

    private static Task<ActivityResult> FailedAsync(ActivityContext context, long id, string message, string? trackingId, CancellationToken cancellationToken) =>
        ReclaimSteps.FailedAsync(context, id, message, trackingId, AttentionRequiredOutcome, cancellationToken);
}
