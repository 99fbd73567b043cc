using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using ProfileEngine.Connectors.Webex;
using ProfileEngine.Profiles;
using ProfileEngine.Reclamation;
using ProfileEngine.Reconciliation;
using ProfileEngine.Tests.Support;
using ProfileEngine.Workflows.Loading;
using ProfileEngine.Workflows.Persistence;
using ProfileEngine.Workflows.Runtime;

namespace ProfileEngine.Tests.Clustering;

/// <summary>A node dies in the middle of taking a license back; the other node finishes the reclaim without a second removal.</summary>
public sealed class ReclaimTakeoverTests
{
    [Fact]
    public async Task When_a_node_dies_right_after_Webex_removed_the_license_the_other_finishes_the_reclaim_without_removing_it_again()
    {
        await using var org = await ClusterOrg.StartAsync(checkinMisfireThreshold: TimeSpan.FromSeconds(10), users: 120);
        var candidate = await FirstCandidateAsync(org);
        var nodeB = await org.StartNodeBAsync();
        org.WebexA.StallAfter(r => r.Method == HttpMethod.Patch && r.RequestUri!.AbsolutePath == "/v1/licenses/users");

        // A reviewer's Reclaim reaches node A; Webex removes the license and node A freezes before it commits the answer.
        var decisionOnA = org.A.SendAsync(s => s.Send(new DecideRemovalCandidate(candidate.Number, CandidateAction.Reclaim)), "rita.reviewer");
        _ = decisionOnA.ContinueWith(t => t.Exception, TaskScheduler.Default);
        await org.WebexA.Reached.WaitAsync(TimeSpan.FromSeconds(30));
        await org.KillNodeAAsync();
        Assert.Equal(1, RemovalCalls(org));
        var left = await nodeB.QueryDbAsync(db => db.RemovalCandidates.AsNoTracking().SingleAsync(c => c.Id == candidate.Id));
        Assert.Equal(CandidateState.AwaitingRevocation, left.State);
        Assert.NotNull(left.ReclaimIntentAt);
        var interrupted = await nodeB.QueryDbAsync(db => db.Set<WorkflowInstanceRecord>().AsNoTracking().Where(i => i.Status == WorkflowStatus.Running).ToListAsync());
        Assert.NotEmpty(interrupted);
        Assert.All(interrupted, i => Assert.Equal(ClusterOrg.NodeA, i.OwnerNodeId));

        // Node A's lease still holds: node B leaves the instance alone. Once it ran out, node B continues it.
        var runtimeB = nodeB.Get<IWorkflowRuntime>();
        var takenWhileLeased = await runtimeB.RecoverAsync();
        org.Clock.Advance(ClusterOrg.LeaseDuration + TimeSpan.FromSeconds(1));
        var takenAfterExpiry = await runtimeB.RecoverAsync();

        Assert.Equal((0, interrupted.Count), (takenWhileLeased, takenAfterExpiry));
        var done = await nodeB.QueryDbAsync(db => db.RemovalCandidates.AsNoTracking().SingleAsync(c => c.Id == candidate.Id));
        Assert.Equal(CandidateState.ClosedComplete, done.State);
        Assert.Equal(1, RemovalCalls(org));
        Assert.False(Holds(org, done), "the license is gone at Webex");
        var ids = interrupted.Select(i => i.Id).ToList();
        var after = await nodeB.QueryDbAsync(db => db.Set<WorkflowInstanceRecord>().AsNoTracking().Where(i => ids.Contains(i.Id)).ToListAsync());
        Assert.All(after, i => Assert.Equal((WorkflowStatus.Finished, (string?)null), (i.Status, i.OwnerNodeId)));
        var notes = await nodeB.QueryDbAsync(db => db.CandidateWorkNotes.Where(n => n.CandidateId == candidate.Id).Select(n => n.Text).ToListAsync());
        Assert.Contains(notes, n => n.Contains("without calling again", StringComparison.Ordinal));
    }

    /// <summary>On node A: the real subflows, a download, a 60-day rule and the activity run that proposes the first candidates.</summary>
    private static async Task<RemovalCandidate> FirstCandidateAsync(ClusterOrg org)
    {
        var loaded = await org.A.Get<WorkflowDefinitionLoader>().LoadFolderAsync(RepositoryPaths.WorkflowsFolder, CancellationToken.None);
        Assert.Empty(loaded.Problems);
        await org.ConnectAsync();
        var profile = await org.A.SendAsync(s => s.Send(new CreateProfile("Acme Webex")));
        var runtime = org.A.Get<IWorkflowRuntime>();
        var input = new JsonObject { ["profileId"] = profile.Id.ToString() };
        Assert.Equal(WorkflowStatus.Finished, (await runtime.StartAsync(WebexSubflows.Download, (JsonObject)input.DeepClone(), profile.Id.ToString())).Status);
        await org.A.SendAsync(s => s.Send(new CreateReclamationRule(profile.Id, null, new ReclamationRuleSettings("Unused Webex"))));
        Assert.Equal(WorkflowStatus.Finished, (await runtime.StartAsync(WebexSubflows.Activity, input, profile.Id.ToString())).Status);
        return await org.A.QueryDbAsync(db => db.RemovalCandidates.AsNoTracking().OrderBy(c => c.Id).FirstAsync(c => c.State == CandidateState.Ready));
    }

    private static int RemovalCalls(ClusterOrg org) =>
        org.Sim.State.Requests.Snapshot().Count(r => r.Method == "PATCH" && r.Path == "/v1/licenses/users");

    private static bool Holds(ClusterOrg org, RemovalCandidate candidate)
    {
        using var _ = org.Sim.State.Read();
        var license = org.Sim.State.Data.Licenses.Single(l => l.Id == candidate.Identifier);
        return org.Sim.State.Data.People.Single(p => p.Id == candidate.ExternalUserId).Holds(license.Index);
    }
}
