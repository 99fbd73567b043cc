using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using ProfileEngine.Persistence;
using ProfileEngine.Workflows.Runtime;

namespace ProfileEngine.Reclamation;

/// <summary>Starts the profile's Reclaim subflow (input <c>candidateId</c>, correlation = the candidate's number).</summary>
public sealed class ReclaimRuns(IDbContextFactory<ProfileEngineDbContext> databases, IWorkflowRuntime runtime)
{
    /// <summary>
    /// Starts the reclaim of candidates left waiting in Awaiting Revocation while the profile had Reclaim subscriptions
    /// off (never tried: no intent, no run). Returns how many started.
    /// </summary>
    public async Task<int> StartWaitingAsync(Guid profileId, CancellationToken cancellationToken)
    {
        List<long> waiting;
        await using (var db = await databases.CreateDbContextAsync(cancellationToken))
        {
            waiting = await db.RemovalCandidates
                .Where(c => c.ProfileId == profileId && c.State == CandidateState.AwaitingRevocation && c.ReclaimIntentAt == null && c.ReclaimingInstanceId == null)
                .Where(c => db.IntegrationProfiles.Any(p => p.Id == c.ProfileId && p.ReclaimSubscriptions))
                .OrderBy(c => c.Id).Select(c => c.Id).ToListAsync(cancellationToken);
        }

        foreach (var id in waiting)
        {
            await StartAsync(id, cancellationToken);
        }

        return waiting.Count;
    }

    /// <summary>Null when the profile is gone or has Reclaim subscriptions off: then nothing is removed.</summary>
    public async Task<WorkflowRunResult?> StartAsync(long candidateId, CancellationToken cancellationToken)
    {
        string? definition;
        await using (var db = await databases.CreateDbContextAsync(cancellationToken))
        {
            definition = await db.RemovalCandidates.Where(c => c.Id == candidateId)
                .Join(db.IntegrationProfiles, c => c.ProfileId, p => p.Id, (c, p) => p)
                .Where(p => p.ReclaimSubscriptions).Select(p => p.ReclaimSubflow).SingleOrDefaultAsync(cancellationToken);
        }

        return definition is null
            ? null
            : await runtime.StartAsync(definition, new JsonObject { [CandidateFlows.CandidateIdInput] = candidateId }, RemovalCandidate.FormatNumber(candidateId), cancellationToken);
    }
}
