using Microsoft.EntityFrameworkCore;
using ProfileEngine.Persistence;
using ProfileEngine.Workflows.Activities;

namespace ProfileEngine.Reclamation;

/// <summary>
/// Awaiting Revocation: starts the profile's Reclaim subflow when the profile has Reclaim subscriptions on. When it is
/// off the candidate stays in Awaiting Revocation and nothing is removed (Resume Reclaim starts it later).
/// </summary>
[Activity("ProfileEngine.Sam.StartReclaim", Description = "Starts the profile's Reclaim subflow for an Awaiting Revocation candidate.")]
public sealed class StartReclaim(IDbContextFactory<ProfileEngineDbContext> databases, ReclaimRuns reclaims) : WorkflowActivity
{
    [Input(Required = true, Description = "The removal candidate's id.")]
    public Input<long> CandidateId { get; } = new();

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var id = CandidateId.Get();
        var number = RemovalCandidate.FormatNumber(id);
        CandidateState state;
        await using (var db = await databases.CreateDbContextAsync(cancellationToken))
        {
            state = await db.RemovalCandidates.Where(c => c.Id == id).Select(c => c.State).SingleAsync(cancellationToken);
        }

        if (state != CandidateState.AwaitingRevocation)
        {
            context.Log($"{number} is {CandidateLifecycle.Describe(state)}; no reclaim.");
            return ActivityResult.Done();
        }

        var run = await reclaims.StartAsync(id, cancellationToken);
        if (run is null)
        {
            await context.SaveCheckpointAsync(null, async (db, ct) =>
            {
                var candidate = await CandidateStep.LoadAsync(db, id, ct);
                CandidateChanges.AddNote(db, candidate, CandidateChanges.SystemActor,
                    "Reclaim subscriptions is off on the profile: the candidate waits in Awaiting Revocation and nothing is removed. Use Resume Reclaim once it is on.",
                    context.Clock.GetUtcNow());
            }, cancellationToken);
            context.Log($"{number}: Reclaim subscriptions is off; waiting in Awaiting Revocation.");
            return ActivityResult.Done();
        }

        context.Log($"{number}: reclaim run {run.InstanceId} ended {run.Status}{(run.FaultMessage is null ? "" : ": " + run.FaultMessage)}.");
        return ActivityResult.Done();
    }
}
