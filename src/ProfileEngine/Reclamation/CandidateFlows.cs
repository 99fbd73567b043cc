using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ProfileEngine.Persistence;
using ProfileEngine.Workflows.Runtime;

namespace ProfileEngine.Reclamation;

/// <summary>
/// Starts and signals the long-running flow of each removal candidate. A flow is found by the candidate's number (its
/// correlation id); decisions reach it as the <see cref="DecisionEvent"/> event with the action in the payload.
/// </summary>
public sealed class CandidateFlows(
    IDbContextFactory<ProfileEngineDbContext> databases,
    IWorkflowRuntime runtime,
    IOptions<ReclamationOptions> options,
    ILogger<CandidateFlows> logger)
{
    public const string DefinitionId = "sam-removal-candidate";
    public const string DecisionEvent = "RemovalCandidate.Decision";
    public const string CandidateIdInput = "candidateId";

    /// <summary>Starts a flow for every open candidate of the profile that has none yet (new ones, or ones sent back to Ready).</summary>
    public async Task<int> StartPendingAsync(Guid? profileId, CancellationToken cancellationToken)
    {
        List<long> pending;
        await using (var db = await databases.CreateDbContextAsync(cancellationToken))
        {
            pending = await db.RemovalCandidates.AsNoTracking()
                .Where(c => c.WorkflowInstanceId == null && c.State == CandidateState.Ready && (profileId == null || c.ProfileId == profileId))
                .OrderBy(c => c.Id).Select(c => c.Id).ToListAsync(cancellationToken);
        }

        var started = 0;
        foreach (var id in pending)
        {
            var run = await StartAsync(id, cancellationToken);
            started += run.Status == Workflows.Persistence.WorkflowStatus.Faulted ? 0 : 1;
        }

        return started;
    }

    public async Task<WorkflowRunResult> StartAsync(long candidateId, CancellationToken cancellationToken)
    {
        var run = await runtime.StartAsync(
            options.Value.CandidateFlowDefinition,
            new JsonObject { [CandidateIdInput] = candidateId },
            RemovalCandidate.FormatNumber(candidateId),
            cancellationToken);
        if (run.Status == Workflows.Persistence.WorkflowStatus.Faulted)
        {
            logger.LogWarning("The flow of removal candidate {Number} faulted: {Fault}", RemovalCandidate.FormatNumber(candidateId), run.FaultMessage);
        }

        return run;
    }

    /// <summary>Sends a decision to the candidate's waiting flow; false when no flow waits for one.</summary>
    public async Task<bool> SignalAsync(RemovalCandidate candidate, CandidateAction action, string actor, string? note, CancellationToken cancellationToken) =>
        await SignalAsync(candidate, action, actor, note, onlyAtVersion: null, cancellationToken) == ResumeOutcome.Resumed;

    /// <summary>
    /// Sends a decision to the candidate's waiting flow. With <paramref name="onlyAtVersion"/> the decision gets through
    /// only while the candidate is still at that version, checked and moved on in the same transaction that claims the
    /// flow's wait: a decision made on what has since changed (another reviewer's decision got there first, or the flow
    /// moved on and waits again) is <see cref="ResumeOutcome.Refused"/> and changes nothing.
    /// </summary>
    public async Task<ResumeOutcome> SignalAsync(
        RemovalCandidate candidate, CandidateAction action, string actor, string? note, int? onlyAtVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        var payload = new JsonObject { ["action"] = action.ToString(), ["actor"] = actor, ["note"] = note };
        var id = candidate.Id;
        ResumeCondition? condition = onlyAtVersion is { } version
            ? async (db, ct) => await db.Set<RemovalCandidate>()
                .Where(c => c.Id == id && c.Version == version)
                .ExecuteUpdateAsync(u => u.SetProperty(c => c.Version, c => c.Version + 1), ct) == 1
            : null;
        var results = await runtime.PublishEventAsync(DecisionEvent, candidate.Number, payload, condition, cancellationToken);
        return results.Any(r => r.Outcome == ResumeOutcome.Resumed) ? ResumeOutcome.Resumed
            : results.Any(r => r.Outcome == ResumeOutcome.Refused) ? ResumeOutcome.Refused
            : ResumeOutcome.NotFound;
    }

    /// <summary>Stops flows of candidates that closed without them (best effort: a flow that wakes later finds its candidate closed).</summary>
    public async Task CancelAsync(IEnumerable<string> instanceIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instanceIds);
        foreach (var id in instanceIds.Distinct(StringComparer.Ordinal))
        {
            try
            {
                await runtime.CancelAsync(id, cancellationToken);
            }
            catch (WorkflowStateException e)
            {
                logger.LogDebug("Flow {Instance} was not cancelled: {Reason}", id, e.Message);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // The change that closed the candidate has committed; a flow left waiting ends when it wakes and
                // finds its candidate closed, and the weekly job cancels what is left.
                logger.LogWarning(e, "Flow {Instance} of a closed candidate could not be cancelled now", id);
            }
        }
    }
}
