using System.Text.Json.Nodes;
using ProfileEngine.Workflows.Activities;

namespace ProfileEngine.Reclamation;

/// <summary>
/// The end of the activity subflow: evaluates the profile's reclamation rules (new candidates, Closed Canceled for
/// fresh activity), starts the flow of every candidate that has none, and the reclaim of candidates that waited in
/// Awaiting Revocation while Reclaim subscriptions was off. Running it again changes nothing more.
/// </summary>
[Activity("ProfileEngine.Sam.EvaluateReclamationRules", Description = "Turns stale subscriptions into removal candidates and starts their flows.")]
public sealed class EvaluateReclamationRulesActivity(RuleEvaluator evaluator, CandidateFlows flows, ReclaimRuns reclaims) : WorkflowActivity
{
    [Input(Required = true, Description = "The integration profile.")]
    public Input<string> ProfileId { get; } = new();

    [Input(Description = "Start the candidate flows (default true).")]
    public Input<bool> StartFlows { get; } = new();

    [Output(Description = "created, canceled (of which noLongerSelected), closedExcluded, flowsStarted, waitingReclaimsStarted, limitations (models no one can be proposed of yet, and why).")]
    public Output<JsonObject> Counts { get; } = new();

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!Guid.TryParse(ProfileId.Get(), out var profileId))
        {
            throw new ArgumentException($"profileId '{ProfileId.Get()}' is not a profile id.");
        }

        var counts = await evaluator.EvaluateAsync(profileId, CandidateChanges.SystemActor, cancellationToken);
        await flows.CancelAsync(counts.CanceledFlows, cancellationToken);
        var startFlows = StartFlows.GetOrDefault(true);
        var started = startFlows ? await flows.StartPendingAsync(profileId, cancellationToken) : 0;
        var reclaimsStarted = startFlows ? await reclaims.StartWaitingAsync(profileId, cancellationToken) : 0;
        var result = new JsonObject
        {
            ["created"] = counts.Created,
            ["canceled"] = counts.Canceled,
            ["noLongerSelected"] = counts.NoLongerSelected,
            ["closedExcluded"] = counts.ClosedExcluded,
            ["flowsStarted"] = started,
            ["waitingReclaimsStarted"] = reclaimsStarted,
        };
        if (counts.Limitations.Count > 0)
        {
            result["limitations"] = new JsonArray([.. counts.Limitations.Select(l => JsonValue.Create(l))]);
        }

        Counts.Set(result);
        context.Log($"reclamation rules: {result.ToJsonString()}");
        return ActivityResult.Done();
    }
}
