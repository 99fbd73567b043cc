using Microsoft.EntityFrameworkCore;
using ProfileEngine.Connectors.Scim.Client;
using ProfileEngine.Connectors.Scim.Connections;
using ProfileEngine.Persistence;
using ProfileEngine.Reclamation;
using ProfileEngine.Workflows.Activities;

namespace ProfileEngine.Connectors.Scim.Reclamation;

/// <summary>
/// The checks right before a SCIM license is taken back: the engine's own (<see cref="ReclaimSteps.LocalCheckAsync"/>),
/// then the application's word: the user still exists, is active and holds the license, and their last sign-in is
/// not newer than the candidate's. A failed check closes the candidate instead of removing anything.
/// </summary>
[Activity("ProfileEngine.Scim.RecheckBeforeReclaim", Outcomes = [ProceedOutcome, CandidateStep.ClosedOutcome],
    Description = "Re-checks the user, the license and the last sign-in at the SCIM application right before a license is taken back.")]
public sealed class RecheckScimBeforeReclaim(IDbContextFactory<ProfileEngineDbContext> databases, ConnectedScimClients clients) : WorkflowActivity
{
    public const string ProceedOutcome = "Proceed";

    [Input(Required = true, Description = "The removal candidate's id.")]
    public Input<long> CandidateId { get; } = new();

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var id = CandidateId.Get();
        var proceed = await ReclaimSteps.RecheckAsync(context, databases, id, "the SCIM application", VendorCheckAsync, null, cancellationToken);
        return ActivityResult.Outcome(proceed ? ProceedOutcome : CandidateStep.ClosedOutcome);
    }

    private async Task<RecheckResult> VendorCheckAsync(ReclaimCandidate target, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var candidate = target.Candidate;
        var settings = ScimProfileSettings.Of(target.Profile);
        var client = await clients.CreateAsync(target.AliasName, cancellationToken);
        var user = await client.GetUserAsync(candidate.ExternalUserId, settings.LicenseSource, settings.ActivityAttribute, cancellationToken);
        if (user is null)
        {
            return new(CandidateAction.SubscriptionGone, "The user no longer exists at the SCIM application; nothing to remove.", null);
        }

        if (!ScimReclaimTarget.StillHolds(user, candidate))
        {
            return candidate.ReclaimIntentAt is not null
                ? new(CandidateAction.ReclaimSucceeded, "The license was taken back by the previous attempt (the SCIM application no longer shows it); recorded as reclaimed without calling again.", null)
                : new(CandidateAction.RecheckFailed, "Closed Skipped: the SCIM application no longer shows the license on an active user (changed elsewhere); nothing was removed.", null);
        }

        if (user.LastLogin is { } signIn && (candidate.LastActivity is null || signIn > candidate.LastActivity) && signIn > now.AddDays(-target.ThresholdDays))
        {
            return new(CandidateAction.ActivityDetected, $"Closed Canceled: the user signed in on {signIn:yyyy-MM-dd HH:mm} UTC; the license is in use.", signIn);
        }

        return RecheckResult.Passed;
    }
}
