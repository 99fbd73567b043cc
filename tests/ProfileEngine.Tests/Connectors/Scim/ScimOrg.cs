using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using ProfileEngine.Connections;
using ProfileEngine.Connectors.Scim;
using ProfileEngine.Profiles;
using ProfileEngine.Reclamation;
using ProfileEngine.Tests.Support;
using ProfileEngine.WebexSimulator.ScimApp;
using ProfileEngine.Workflows.Persistence;
using ProfileEngine.Workflows.Runtime;

namespace ProfileEngine.Tests.Connectors.Scim;

/// <summary>
/// An engine (real SQLite file, fake clock) with the real workflows loaded, and the SCIM app simulator on loopback
/// sharing the clock: a published "SCIM 2.0 application" profile signed in with the app's bearer token.
/// </summary>
public sealed class ScimOrg : IAsyncDisposable
{
    public const string Alias = ScimConnector.AliasPrefix + "_activity_reclaim";
    public const string LastLogin = ScimSchemas.Activity + ":" + ScimSchemas.LastLoginAttribute;

    private ScimOrg(EngineHarness engine, ScimSimulatorServer sim, Guid profileId)
    {
        Engine = engine;
        Sim = sim;
        ProfileId = profileId;
    }

    public EngineHarness Engine { get; }

    public ScimSimulatorServer Sim { get; }

    public Guid ProfileId { get; }

    public static async Task<ScimOrg> StartAsync(IReadOnlyDictionary<string, string>? settings = null, int users = 60)
    {
        var engine = await EngineHarness.StartAsync();
        var sim = await ScimSimulatorServer.StartAsync(new ScimAppOptions { Users = users, Clock = engine.Clock, MaxPageSize = 25 });
        var loaded = await engine.Get<ProfileEngine.Workflows.Loading.WorkflowDefinitionLoader>().LoadFolderAsync(RepositoryPaths.WorkflowsFolder, CancellationToken.None);
        Assert.Empty(loaded.Problems);
        await engine.SendAsync(s => s.Send(new SetConnectionDetails(Alias, sim.ScimBaseUrl, null, sim.State.Options.BearerToken, null, ConnectionMethod.BearerToken)));
        await engine.SendAsync(s => s.Send(new SignInWithCredentials(Alias)));
        var profile = await engine.SendAsync(s => s.Send(new CreateProfile(
            "Acme SCIM", ProfileType: ScimConnector.ProfileType,
            ConnectorSettings: settings ?? new Dictionary<string, string> { [ScimSettings.ActivityAttribute] = LastLogin, [ScimSettings.FreeLicenses] = "viewer" })));
        var validated = await engine.SendAsync(s => s.Send(new ValidateProfileConnection(profile.Id)));
        Assert.True(validated.LastValidation!.Passed, string.Join("\n", validated.LastValidation.Checks.Where(c => !c.Passed).Select(c => c.Message)));
        await engine.SendAsync(s => s.Send(new PublishProfile(profile.Id, validated.Version, Confirm: true)));
        return new ScimOrg(engine, sim, profile.Id);
    }

    public async Task<WorkflowRunResult> RunAsync(string definitionId, string mode = "full")
    {
        var input = new JsonObject { ["profileId"] = ProfileId.ToString() };
        if (definitionId == ScimSubflows.Download)
        {
            input["mode"] = mode;
        }

        var run = await Engine.Get<IWorkflowRuntime>().StartAsync(definitionId, input, ProfileId.ToString());
        Assert.True(run.Status == WorkflowStatus.Finished, $"{definitionId} ended {run.Status}: {run.FaultMessage}");
        return run;
    }

    /// <summary>Sets the threshold of the profile's rule for all its models (publishing made one), creating it when there is none.</summary>
    public async Task<ReclamationRuleView> AddRuleAsync(int thresholdDays = 30)
    {
        var rules = await Engine.SendAsync(s => s.Send(new ListReclamationRules(ProfileId)));
        var settings = new ReclamationRuleSettings("Unused SCIM licenses", thresholdDays);
        return rules.SingleOrDefault(r => r.ModelId is null) is { } rule
            ? await Engine.SendAsync(s => s.Send(new UpdateReclamationRule(rule.Id, rule.Version, settings)))
            : await Engine.SendAsync(s => s.Send(new CreateReclamationRule(ProfileId, null, settings)));
    }

    /// <summary>The (user, license) pairs the simulator has for active users, without the free ones.</summary>
    public HashSet<(string User, string License)> PaidPairsAtVendor() =>
        Sim.State.Users().Where(u => u.Active).SelectMany(u => u.Entitlements.Where(e => e.Value != "viewer").Select(e => (u.Id, e.Value))).ToHashSet();

    public Task<List<RemovalCandidate>> CandidatesAsync() =>
        Engine.QueryDbAsync(db => db.RemovalCandidates.AsNoTracking().OrderBy(c => c.Id).ToListAsync());

    public Task<RemovalCandidate> CandidateAsync(long id) =>
        Engine.QueryDbAsync(db => db.RemovalCandidates.AsNoTracking().SingleAsync(c => c.Id == id));

    public Task<RemovalCandidateDetails> DecideAsync(RemovalCandidate candidate, CandidateAction action) =>
        Engine.SendAsync(s => s.Send(new DecideRemovalCandidate(candidate.Number, action, null)), "rita.reviewer");

    public int PatchCalls(string userId) =>
        Sim.State.Requests.Snapshot().Count(r => r.Method == "PATCH" && r.Path.Contains(userId, StringComparison.Ordinal));

    public bool Holds(RemovalCandidate candidate) => Sim.State.GetUser(candidate.ExternalUserId).HasEntitlement(candidate.Identifier);

    public async ValueTask DisposeAsync()
    {
        await Sim.DisposeAsync();
        await Engine.DisposeAsync();
    }
}
