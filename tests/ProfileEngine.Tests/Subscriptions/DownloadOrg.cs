using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using ProfileEngine.Connections;
using ProfileEngine.Connectors.Webex.Subscriptions;
using ProfileEngine.Connectors.Webex;
using ProfileEngine.Persistence;
using ProfileEngine.Profiles;
using ProfileEngine.Scheduling;
using ProfileEngine.Subscriptions;
using ProfileEngine.Tests.Connections;
using ProfileEngine.Tests.Support;
using ProfileEngine.WebexSimulator;
using ProfileEngine.Workflows.Loading;
using ProfileEngine.Workflows.Persistence;
using ProfileEngine.Workflows.Runtime;

namespace ProfileEngine.Tests.Subscriptions;

/// <summary>
/// An engine (real SQLite file, fake clock) with the built <c>workflows/</c> folder loaded, a Webex simulator on loopback
/// sharing the clock, a connected alias and a profile: what the download tests run against. The engine can be
/// restarted on the same data folder (a new process after a crash).
/// </summary>
public sealed class DownloadOrg : IAsyncDisposable
{
    public const string ScimAlias = "webex_scim";

    private readonly IDictionary<string, string?>? _settings;

    private DownloadOrg(TempDataFolder data, FakeTimeProvider clock, EngineHarness engine, WebexSimulatorServer sim, IDictionary<string, string?>? settings)
    {
        Data = data;
        Clock = clock;
        Engine = engine;
        Sim = sim;
        _settings = settings;
    }

    public TempDataFolder Data { get; }

    public FakeTimeProvider Clock { get; }

    public EngineHarness Engine { get; private set; }

    public WebexSimulatorServer Sim { get; }

    public Guid ProfileId { get; private set; }

    public static async Task<DownloadOrg> StartAsync(
        int users = 300,
        bool scim = false,
        IDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? configure = null)
    {
        var data = new TempDataFolder();
        var clock = new FakeTimeProvider(EngineHarness.Start);
        var engine = await EngineHarness.StartAsync(settings: settings, clock: clock, data: data, configure: configure);
        var sim = await WebexSimulatorServer.StartAsync(new SimulatorOptions { Users = users, Clock = clock, RedirectUris = [ConnectedOrg.Redirect] });
        var org = new DownloadOrg(data, clock, engine, sim, settings);
        var report = await engine.Get<WorkflowDefinitionLoader>().LoadFolderAsync(RepositoryPaths.WorkflowsFolder, CancellationToken.None);
        Assert.Empty(report.Problems);

        var alias = WebexAliases.SubscriptionActivityReclaim;
        if (scim)
        {
            await engine.SendAsync(s => s.Send(new CreateChildAlias(ScimAlias, alias, UsesScimDirectory: true)));
            alias = ScimAlias;
        }

        await org.ConnectAliasAsync(alias);
        var profile = await engine.SendAsync(s => s.Send(new CreateProfile("Acme Webex", ConnectionAlias: alias)));
        org.ProfileId = profile.Id;
        return org;
    }

    /// <summary>Gives the alias the simulator's OAuth app and connects it through the simulator's consent page.</summary>
    public async Task ConnectAliasAsync(string alias)
    {
        await Engine.SendAsync(s => s.Send(new SetConnectionDetails(alias, Sim.BaseUrl, Sim.Org.ClientId, Sim.Org.ClientSecret, ConnectedOrg.Redirect)));
        var started = await Engine.SendAsync(s => s.Send(new StartConnect(alias)));
        var (_, code, state) = await SimulatorConsent.AcceptAsync(started.AuthorizeUrl);
        await Engine.SendAsync(s => s.Send(new CompleteConnect(state, code)));
    }

    /// <summary>Imports a copy of the real download definition under another id with some inputs changed (e.g. mode).</summary>
    public async Task ImportVariantAsync(string definitionId, string input, string literal)
    {
        var json = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.WorkflowsFolder, WebexSubflows.Download + ".json")))!;
        json["definitionId"] = definitionId;
        var download = json["root"]!["activities"]!.AsArray().Single(a => a!["id"]!.GetValue<string>() == "DownloadSubscriptions")!;
        download[input] = new JsonObject { ["typeName"] = "String", ["expression"] = new JsonObject { ["type"] = "Literal", ["value"] = literal } };
        await Engine.ImportDefinitionAsync(json.ToJsonString(), definitionId + ".json");
    }

    /// <summary>Runs the download subflow as the scheduled job does (input profileId, correlation = profile id).</summary>
    public async Task<(WorkflowRunResult Run, JsonObject Counts, string Mode)> RunAsync(string definitionId = WebexSubflows.Download, CancellationToken cancellationToken = default)
    {
        var runtime = Engine.Get<IWorkflowRuntime>();
        var run = await runtime.StartAsync(definitionId, new JsonObject { ["profileId"] = ProfileId.ToString() }, ProfileId.ToString(), cancellationToken);
        return await ResultAsync(run);
    }

    public async Task<(WorkflowRunResult Run, JsonObject Counts, string Mode)> ResultAsync(WorkflowRunResult run)
    {
        Assert.True(run.Status == WorkflowStatus.Finished, $"the download ended {run.Status}: {run.FaultMessage}");
        var details = await Engine.Get<IWorkflowRuntime>().GetAsync(run.InstanceId);
        var counts = Assert.IsType<JsonObject>(details!.Variables[ProfileJobRunner.CountsVariable]);
        return (run, counts, details.Variables["modeRun"]!.GetValue<string>());
    }

    /// <summary>Stops the engine (as a crashed process would be gone) and starts a new one on the same data folder and clock.</summary>
    public async Task RestartAsync(Action<IServiceCollection>? configure = null)
    {
        await Engine.DisposeAsync();
        Engine = await EngineHarness.StartAsync(settings: _settings, clock: Clock, data: Data, configure: configure);
    }

    public Task<List<SoftwareSubscription>> SubscriptionsAsync() =>
        Engine.QueryDbAsync(db => db.SoftwareSubscriptions.AsNoTracking().Where(s => s.ProfileId == ProfileId).OrderBy(s => s.Id).ToListAsync());

    /// <summary>What the vendor says now: every (person, paid license) pair of people of type person.</summary>
    public HashSet<(string Person, string License)> VendorPairs() => VendorPairsOf(Sim);

    /// <summary>What <paramref name="sim"/> says now: every (person, paid license) pair of people of type person.</summary>
    public static HashSet<(string Person, string License)> VendorPairsOf(WebexSimulatorServer sim)
    {
        ArgumentNullException.ThrowIfNull(sim);
        using var _ = sim.State.Read();
        var org = sim.State.Data;
        var paid = org.Licenses.Where(l => l.SubscriptionId is not null).ToList();
        return [.. org.People
            .Where(p => p.Type == ProfileEngine.WebexSimulator.Org.PersonType.Person)
            .SelectMany(p => paid.Where(l => p.Holds(l.Index)).Select(l => (p.Id, l.Id)))];
    }

    public string LicenseId(int index) => Sim.State.Data.Licenses.Single(l => l.Index == index).Id;

    public async ValueTask DisposeAsync()
    {
        await Sim.DisposeAsync();
        await Engine.DisposeAsync();
        Data.Dispose();
    }
}
