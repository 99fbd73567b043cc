using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ProfileEngine.Connectors.Webex;
using ProfileEngine.Profiles;
using ProfileEngine.Reclamation;
using ProfileEngine.Reconciliation;
using ProfileEngine.Tests.Subscriptions;
using ProfileEngine.Workflows.Persistence;
using ProfileEngine.Workflows.Runtime;

namespace ProfileEngine.Tests.Reclamation;

/// <summary>
/// A downloaded org (engine + simulator on loopback, shared fake clock) with a reclamation rule: what the reclamation
/// tests run against. Candidates come from the real activity subflow, whose last step evaluates the rules.
/// </summary>
public sealed partial class ReclaimOrg : IAsyncDisposable
{
    public const decimal Price = 120m;

    private ReclaimOrg(DownloadOrg org)
    {
        Org = org;
    }

    public DownloadOrg Org { get; }

    public Guid ProfileId => Org.ProfileId;

    public ProfileEngine.WebexSimulator.WebexSimulatorServer Sim => Org.Sim;

    public Support.EngineHarness Engine => Org.Engine;

    public static async Task<ReclaimOrg> StartAsync(ReclamationRuleSettings? rule = null, int users = 120, Action<IServiceCollection>? configure = null)
    {
        var org = new ReclaimOrg(await DownloadOrg.StartAsync(users: users, configure: configure));
        await org.Org.RunAsync();
        await org.Engine.SendAsync(s => s.Send(new CreateReclamationRule(org.ProfileId, null, rule ?? new ReclamationRuleSettings("Unused Webex"))));
        await org.PriceEveryModelAsync();
        return org;
    }

    /// <summary>Runs the activity subflow (which ends by evaluating the rules and starting the candidate flows).</summary>
    public async Task<JsonObject> RunActivityAsync()
    {
        var runtime = Engine.Get<IWorkflowRuntime>();
        var run = await runtime.StartAsync(WebexSubflows.Activity, new JsonObject { ["profileId"] = ProfileId.ToString() }, ProfileId.ToString());
        Assert.True(run.Status == WorkflowStatus.Finished, $"the activity subflow ended {run.Status}: {run.FaultMessage}");
        var details = await runtime.GetAsync(run.InstanceId);
        var evaluation = Assert.IsType<JsonObject>(details!.Variables["evaluation"]);
        Assert.Equal(evaluation.ToJsonString(), details.Variables[ProfileEngine.Scheduling.ProfileJobRunner.CountsVariable]!["reclamation"]!.ToJsonString());
        return evaluation;
    }

    /// <summary>
    /// Runs the activity subflow with the profile's rule switched off (so it proposes nothing), then switches the rule
    /// back on: activity is read and its coverage known, and no candidate exists yet. Returns the rule as it is now.
    /// </summary>
    public async Task<ReclamationRuleView> ReadActivityWithoutEvaluatingAsync()
    {
        var rule = (await Engine.SendAsync(s => s.Send(new ListReclamationRules(ProfileId)))).Single();
        rule = await Engine.SendAsync(s => s.Send(new UpdateReclamationRule(rule.Id, rule.Version, Settings(rule) with { Active = false })));
        await RunActivityAsync();
        return await Engine.SendAsync(s => s.Send(new UpdateReclamationRule(rule.Id, rule.Version, Settings(rule) with { Active = true })));
    }

    /// <summary>A rule's settings, to change some of them.</summary>
    public static ReclamationRuleSettings Settings(ReclamationRuleView rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return new(rule.Name, rule.LastActivityThresholdDays, rule.NotifyUser, rule.DaysBeforeAutoReclamation, rule.ReminderDaysBeforeDeadline,
            rule.AssignmentGroup, rule.ReclaimWithoutReview, rule.Active);
    }

    public Task<List<RemovalCandidate>> CandidatesAsync() =>
        Engine.QueryDbAsync(db => db.RemovalCandidates.AsNoTracking().OrderBy(c => c.Id).ToListAsync());

    public Task<RemovalCandidate> CandidateAsync(long id) =>
        Engine.QueryDbAsync(db => db.RemovalCandidates.AsNoTracking().SingleAsync(c => c.Id == id));

    public Task<RemovalCandidateDetails> DecideAsync(
        RemovalCandidate candidate, CandidateAction action, string reviewer = "rita.reviewer", string? note = null, CancellationToken cancellationToken = default) =>
        Engine.SendAsync(s => s.Send(new DecideRemovalCandidate(candidate.Number, action, note), cancellationToken), reviewer);

    /// <summary>Takes the license away at the simulator, as an admin in Control Hub would.</summary>
    public void RemoveAtVendor(RemovalCandidate candidate) => Sim.State.AssignLicense(candidate.ExternalUserId, candidate.Identifier, assign: false);

    /// <summary>Whether the simulator's person still holds the license.</summary>
    public bool Holds(RemovalCandidate candidate)
    {
        using var _ = Sim.State.Read();
        var license = Sim.State.Data.Licenses.Single(l => l.Id == candidate.Identifier);
        return Sim.State.Data.People.Single(p => p.Id == candidate.ExternalUserId).Holds(license.Index);
    }

    /// <summary>License removals the simulator received for this person.</summary>
    public int RemovalCalls() => Sim.State.Requests.Snapshot().Count(r => r.Method == "PATCH" && r.Path == "/v1/licenses/users");

    /// <summary>The Keep or Remove link of the last notice sent to the candidate's holder.</summary>
    public string LinkToken(RemovalCandidate candidate)
    {
        var message = Sim.State.Messages().Last(m => m.ToPersonId == candidate.ExternalUserId);
        var match = LinkPattern().Match(message.Markdown ?? message.Text ?? "");
        Assert.True(match.Success, "the notice carries the Keep/Remove links");
        return match.Groups["token"].Value;
    }

    private async Task PriceEveryModelAsync()
    {
        var models = await Engine.QueryDbAsync(db => db.SoftwareModels.Where(m => !m.IsFree).Select(m => m.Id).ToListAsync());
        using var audit = ProfileEngine.Audit.AuditScope.Begin(new("test", "SeedEntitlements", Org.Clock.GetUtcNow()));
        await Engine.QueryDbAsync(async db =>
        {
            foreach (var model in models)
            {
                db.Add(new Entitlement { Id = Guid.NewGuid(), ModelId = model, Name = "Enterprise agreement", RightsOwned = 1000, UnitPrice = Price, Currency = "EUR", Term = EntitlementTerm.Annual });
            }

            return await db.SaveChangesAsync();
        });
    }

    [GeneratedRegex(@"/answer/(?<token>[A-Za-z0-9_\-]+)\?answer=Keep")]
    private static partial Regex LinkPattern();

    public ValueTask DisposeAsync() => Org.DisposeAsync();
}
