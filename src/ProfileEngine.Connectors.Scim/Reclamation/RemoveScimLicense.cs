using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using ProfileEngine.Connectors.Scim.Client;
using ProfileEngine.Connectors.Scim.Connections;
using ProfileEngine.Persistence;
using ProfileEngine.Reclamation;
using ProfileEngine.Workflows.Activities;

namespace ProfileEngine.Connectors.Scim.Reclamation;

/// <summary>
/// Takes the candidate's license back with one SCIM PATCH (RFC 7644 §3.5.2): removes the entitlement or role value
/// from the user, removes the user from the group, or, when the profile's <c>reclaimMode</c> is <c>deactivate</c>,
/// sets <c>active</c> to false. The intent commits before the call; a run that finds an earlier intent asks the
/// application first, so a license is never taken twice. The user is read again after the call: only a license the
/// application no longer shows counts as reclaimed (Closed Complete with the savings); an error or a license still
/// shown is Attention Required with the application's message.
/// </summary>
[Activity("ProfileEngine.Scim.RemoveLicense", Outcomes = [ReclaimedOutcome, AttentionRequiredOutcome, CandidateStep.ClosedOutcome],
    Description = "Takes the candidate's license back at the SCIM application, at most once.")]
public sealed class RemoveScimLicense(IDbContextFactory<ProfileEngineDbContext> databases, ConnectedScimClients clients) : WorkflowActivity
{
    public const string ReclaimedOutcome = "Reclaimed";
    public const string AttentionRequiredOutcome = "AttentionRequired";

    [Input(Required = true, Description = "The removal candidate's id.")]
    public Input<long> CandidateId { get; } = new();

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var id = CandidateId.Get();
        var target = await ReclaimCandidate.LoadAsync(databases, id, cancellationToken);
        var candidate = target?.Candidate;
        if (!ReclaimSteps.OwnedBy(target, context))
        {
            context.Log($"{RemovalCandidate.FormatNumber(id)} is not awaiting revocation by this run; nothing removed.");
            return ActivityResult.Outcome(CandidateStep.ClosedOutcome);
        }

        var settings = ScimProfileSettings.Of(target!.Profile);
        var client = await clients.CreateAsync(target.AliasName, cancellationToken);
        try
        {
            if (candidate!.ReclaimIntentAt is not null
                && !ScimReclaimTarget.StillHolds(await client.GetUserAsync(candidate.ExternalUserId, settings.LicenseSource, null, cancellationToken), candidate))
            {
                return await ReclaimedAsync(context, id, "The SCIM application no longer shows the license after the earlier attempt; recorded as reclaimed without calling again.", cancellationToken);
            }

            await ReclaimSteps.SaveIntentAsync(context, candidate!, cancellationToken);

            var found = await PatchAsync(client, settings, candidate, cancellationToken);
            var after = found ? await client.GetUserAsync(candidate.ExternalUserId, settings.LicenseSource, null, cancellationToken) : null;
            if (ScimReclaimTarget.StillHolds(after, candidate))
            {
                return await FailedAsync(context, id, "the SCIM application accepted the change but still shows the license on the active user.", cancellationToken);
            }

            var how = settings.ReclaimMode == ScimSettings.Deactivate ? "deactivated the user holding" : "took back";
            return await ReclaimedAsync(context, id,
                $"{(found ? $"The SCIM application {how}" : "The SCIM application no longer knows the user of")} license {candidate.Identifier} ({candidate.UserPrincipalName ?? candidate.ExternalUserId}).",
                cancellationToken);
        }
        catch (VendorCallException e)
        {
            return await FailedAsync(context, id, e.Message, cancellationToken);
        }
    }

    /// <summary>The one PATCH; false when the resource is gone (404).</summary>
    private static Task<bool> PatchAsync(ScimClient client, ScimProfileSettings settings, RemovalCandidate candidate, CancellationToken cancellationToken)
    {
        var user = Uri.EscapeDataString(candidate.ExternalUserId);
        if (settings.ReclaimMode == ScimSettings.Deactivate)
        {
            return client.PatchAsync("Users/" + user, "replace", "active", JsonValue.Create(false), cancellationToken);
        }

        return settings.LicenseSource switch
        {
            ScimSettings.Groups => client.PatchAsync(
                "Groups/" + Uri.EscapeDataString(candidate.Identifier), "remove", $"members[value eq {ScimReclaimTarget.Quote(candidate.ExternalUserId)}]", null, cancellationToken),
            ScimSettings.Roles => client.PatchAsync("Users/" + user, "remove", $"roles[value eq {ScimReclaimTarget.Quote(candidate.Identifier)}]", null, cancellationToken),
            _ => client.PatchAsync("Users/" + user, "remove", $"entitlements[value eq {ScimReclaimTarget.Quote(candidate.Identifier)}]", null, cancellationToken),
        };
    }

    private static Task<ActivityResult> ReclaimedAsync(ActivityContext context, long id, string note, CancellationToken cancellationToken) =>
        ReclaimSteps.ReclaimedAsync(context, id, note, ReclaimedOutcome, cancellationToken);

    private static Task<ActivityResult> FailedAsync(ActivityContext context, long id, string message, CancellationToken cancellationToken) =>
        ReclaimSteps.FailedAsync(context, id, message, null, AttentionRequiredOutcome, cancellationToken);
}
