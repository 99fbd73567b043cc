using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using ProfileEngine.Persistence;
using ProfileEngine.Workflows.Runtime;

namespace ProfileEngine.Reclamation;

/// <summary>Starts the profile's Reclaim subflow (input <c>candidateId</c>, correlation = the candidate's number).</summary>
public sealed class ReclaimRuns(IDbContextFactory<ProfileEngineDbContext> databases, IWorkflowRuntime runtime)
{
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
