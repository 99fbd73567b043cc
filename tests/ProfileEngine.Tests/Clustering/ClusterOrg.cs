using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using ProfileEngine.Connections;
using ProfileEngine.Persistence;
using ProfileEngine.Profiles;
using ProfileEngine.Scheduling;
using ProfileEngine.Tests.Connections;
using ProfileEngine.Tests.Subscriptions;
using ProfileEngine.Tests.Support;
using ProfileEngine.WebexSimulator;
using ProfileEngine.Workflows.Hosting;
using ISchedulerFactory = Quartz.ISchedulerFactory;
using ProfileEngine.Connectors.Webex;

namespace ProfileEngine.Tests.Clustering;

/// <summary>
/// Two engine nodes on one PostgreSQL database, always PostgreSQL whatever the test run's database: Quartz clustered
/// on its tables there, distinct node ids for Quartz and for workflow leases, one fake clock, one Webex simulator on
/// loopback and one data folder (so both read the same key ring). Node A reaches the database through a
/// <see cref="DatabaseLink"/> and Webex through a <see cref="StallingWebex"/>, so a test can freeze it mid-call and
/// then kill it. Node B starts when the test says, after node A connected the alias.
/// </summary>
public sealed class ClusterOrg : IAsyncDisposable
{
    public const string NodeA = "node-a";
    public const string NodeB = "node-b";

    /// <summary>How often a node checks in with the cluster (Quartz waits for it on the engine's clock, here the fake one).</summary>
    public static readonly TimeSpan CheckinInterval = TimeSpan.FromSeconds(1);

    /// <summary>How long a workflow instance stays claimed by its node without a heartbeat.</summary>
    public static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How far the tests move the clock after a kill: past the lease and Quartz's failure threshold, and short of
    /// Quartz's misfire threshold (a minute), so the recovery Quartz schedules fires at once rather than waiting
    /// for the misfire handler's next pass.
    /// </summary>
    public static readonly TimeSpan AfterKill = TimeSpan.FromSeconds(30);

    private readonly TimeSpan _checkinMisfireThreshold;
    private readonly IDictionary<string, string?> _settings;
    private bool _nodeAKilled;

    private ClusterOrg(TempDataFolder data, FakeTimeProvider clock, WebexSimulatorServer sim, DatabaseLink linkA, TimeSpan checkinMisfireThreshold, IDictionary<string, string?> settings)
    {
        Data = data;
        Clock = clock;
        Sim = sim;
        LinkA = linkA;
        _checkinMisfireThreshold = checkinMisfireThreshold;
        _settings = settings;
        ClockOfB = new NodeClock(clock);
    }

    public TempDataFolder Data { get; }

    public FakeTimeProvider Clock { get; }

    public WebexSimulatorServer Sim { get; }

    public DatabaseLink LinkA { get; }

    public StallingWebex WebexA { get; } = new();

    public EngineHarness A { get; private set; } = null!;

    public EngineHarness? B { get; private set; }

    /// <summary>Node B's view of <see cref="Clock"/>, which reports the timers node B sets.</summary>
    public NodeClock ClockOfB { get; }

    /// <param name="checkinMisfireThreshold">
    /// How far past a node's check-in interval (on the engine's clock) its peers wait before they recover its jobs.
    /// Keep it longer than any step the test moves the clock while both nodes live, shorter than a step after a kill.
    /// </param>
    public static async Task<ClusterOrg> StartAsync(
        TimeSpan checkinMisfireThreshold, int users = 40, DateTimeOffset? start = null, IDictionary<string, string?>? settings = null)
    {
        var data = new TempDataFolder(DatabaseProvider.PostgreSql);
        var clock = new FakeTimeProvider(start ?? EngineHarness.Start);
        var sim = await WebexSimulatorServer.StartAsync(new SimulatorOptions { Users = users, Clock = clock, RedirectUris = [ConnectedOrg.Redirect] });
        var linkA = new DatabaseLink(data.PostgreSqlConnectionString!);
        var org = new ClusterOrg(data, clock, sim, linkA, checkinMisfireThreshold, settings ?? new Dictionary<string, string?>());
        org.A = await EngineHarness.StartAsync(
            settings: org.NodeSettings(NodeA, linkA.ConnectionString), clock: clock, data: data,
            configure: s => s.AddHttpClient("Webex").AddHttpMessageHandler(() => org.WebexA));
        return org;
    }

    public async Task<EngineHarness> StartNodeBAsync()
    {
        B = await EngineHarness.StartAsync(settings: NodeSettings(NodeB, Data.PostgreSqlConnectionString!), clock: Clock, data: Data,
            configure: s => s.AddSingleton<TimeProvider>(ClockOfB));
        return B;
    }

    /// <summary>Gives the alias the simulator's OAuth app and connects it (on node A).</summary>
    public async Task ConnectAsync(string alias = WebexAliases.SubscriptionActivityReclaim)
    {
        await A.SendAsync(s => s.Send(new SetConnectionDetails(alias, Sim.BaseUrl, Sim.Org.ClientId, Sim.Org.ClientSecret, ConnectedOrg.Redirect)));
        var started = await A.SendAsync(s => s.Send(new StartConnect(alias)));
        var (_, code, state) = await SimulatorConsent.AcceptAsync(started.AuthorizeUrl);
        await A.SendAsync(s => s.Send(new CompleteConnect(state, code)));
    }

    /// <summary>Creates, validates and publishes a profile through <paramref name="node"/>; Quartz stores its jobs for the cluster.</summary>
    public static async Task<ProfileView> PublishAsync(EngineHarness node, CreateProfile profile)
    {
        ArgumentNullException.ThrowIfNull(node);
        var created = await node.SendAsync(s => s.Send(profile));
        var validated = await node.SendAsync(s => s.Send(new ValidateProfileConnection(created.Id)));
        Assert.True(validated.LastValidation!.Passed, string.Join("\n", validated.LastValidation.Checks.Where(c => !c.Passed).Select(c => c.Message)));
        return await node.SendAsync(s => s.Send(new PublishProfile(created.Id, validated.Version, Confirm: true)));
    }

    /// <summary>
    /// Node A dies: its scheduler stops without waiting for the run it is in (no more check-ins, nothing more
    /// fired), then its database connections drop and it never reaches the database again. Its frozen run stays
    /// frozen; whatever that run still tries to write later cannot arrive.
    /// </summary>
    public async Task KillNodeAAsync()
    {
        _nodeAKilled = true;
        foreach (var scheduler in await A.Get<ISchedulerFactory>().GetAllSchedulers())
        {
            await scheduler.Shutdown(waitForJobsToComplete: false);
        }

        await LinkA.CutAsync();
    }

    /// <summary>
    /// Moves the clock past node A's lease and Quartz's failure threshold, and lets node B check in twice: the first
    /// check-in after a jump forgives everyone the jump (Quartz cannot tell it from its own pause); once node B sleeps
    /// again, one more interval, and its next check-in finds node A's last check-in stale and recovers its jobs.
    /// </summary>
    public async Task LetNodeBNoticeNodeADiedAsync()
    {
        ClockOfB.Forget();
        Clock.Advance(AfterKill);
        await ClockOfB.TimerAsync(due => due > TimeSpan.Zero && due <= CheckinInterval);
        Clock.Advance(CheckinInterval);
    }

    /// <summary>What the vendor says now: every (person, paid license) pair of people of type person.</summary>
    public HashSet<(string Person, string License)> VendorPairs() => DownloadOrg.VendorPairsOf(Sim);

    /// <summary>Every job result, read through node B (the one left alive in the tests that kill node A).</summary>
    public Task<List<ScheduledJobResult>> JobResultsAsync() =>
        (B ?? A).QueryDbAsync(db => db.ScheduledJobResults.AsNoTracking().OrderBy(r => r.StartedAt).ThenBy(r => r.Id).ToListAsync());

    public async ValueTask DisposeAsync()
    {
        if (_nodeAKilled)
        {
            // A dead node is never shut down, and its services are not disposed either: what its frozen run does once
            // released (database retries against a link that is gone) may outlive any orderly disposal.
            WebexA.Release();
        }
        else
        {
            await A.DisposeAsync();
        }

        if (B is not null)
        {
            await B.DisposeAsync();
        }

        await Sim.DisposeAsync();
        await LinkA.DisposeAsync();
        Data.Dispose();
    }

    private Dictionary<string, string?> NodeSettings(string nodeId, string connectionString)
    {
        var settings = new Dictionary<string, string?>(_settings)
        {
            [$"{DatabaseOptions.Section}:{nameof(DatabaseOptions.Provider)}"] = nameof(DatabaseProvider.PostgreSql),
            [$"{DatabaseOptions.Section}:{nameof(DatabaseOptions.ConnectionString)}"] = connectionString,
            [$"{SchedulingOptions.Section}:{nameof(SchedulingOptions.Clustered)}"] = "true",
            [$"{SchedulingOptions.Section}:{nameof(SchedulingOptions.NodeId)}"] = nodeId,
            [$"{SchedulingOptions.Section}:{nameof(SchedulingOptions.ClusterCheckinInterval)}"] = CheckinInterval.ToString(),
            [$"{SchedulingOptions.Section}:{nameof(SchedulingOptions.ClusterCheckinMisfireThreshold)}"] = _checkinMisfireThreshold.ToString(),
            [$"{ProfileEngineServiceCollectionExtensions.WorkflowsSection}:{nameof(WorkflowRuntimeOptions.NodeId)}"] = nodeId,
            [$"{ProfileEngineServiceCollectionExtensions.WorkflowsSection}:{nameof(WorkflowRuntimeOptions.LeaseDuration)}"] = LeaseDuration.ToString(),
        };
        return settings;
    }
}
