using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Mediator;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ProfileEngine.Audit;
using ProfileEngine.Connections;
using ProfileEngine.Connectors.Webex.Models;
using ProfileEngine.Connectors.Webex.Subscriptions;
using ProfileEngine.Connectors.Webex;
using ProfileEngine.Messaging;
using ProfileEngine.Persistence;
using ProfileEngine.Profiles;
using ProfileEngine.Subscriptions;
using ProfileEngine.Templates;
using ProfileEngine.WebexSimulator;
using ProfileEngine.Workflows.Definitions;
using ProfileEngine.Workflows.Loading;
using ProfileEngine.Workflows.Persistence;
using ProfileEngine.Workflows.Runtime;
using ProfileEngine.Connectors.Webex.Connections;

namespace ProfileEngine.Benchmarks;

/// <summary>
/// The Download Subscriptions subflow against the in-process simulator, into a fresh SQLite file, at N/10 and N people.
/// Floors measured in the same run: fetch-only (the Webex client reading every people page) and store-only (the
/// same rows bulk-upserted page by page, one transaction a page, into another fresh file). Goals: end-to-end at most
/// 1.3 × (fetch + store) and under 30 s at 100,000; an incremental run after 1 % of people changed at most 5 % of the
/// full run; peak heap at N at most 1.5 × the peak at N/10.
/// </summary>
public static class DownloadScenario
{
    private const string ScimAlias = "webex_bench_scim";
    private const string IncrementalDefinition = "bench-download-incremental";

    private static readonly string[] Scopes = [WebexScopes.PeopleRead, WebexScopes.LicensesRead, WebexScopes.IdentityPeopleRead];

    public static async Task RunAsync(int users, double changedShare, bool incremental, TextWriter output, CancellationToken ct)
    {
        var sizes = users >= 1000 ? new[] { users / 10, users } : [users];
        var rows = new List<Row>();
        foreach (var size in sizes)
        {
            rows.Add(await RunSizeAsync(size, changedShare, incremental, output, ct));
        }

        static string S(TimeSpan t) => t.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture);
        static string Mb(long b) => (b / 1024d / 1024d).ToString("F1", CultureInfo.InvariantCulture);
        await output.WriteLineAsync();
        await output.WriteLineAsync("| people | subscriptions | fetch-only s | store-only s | end-to-end s | e2e/(fetch+store) | people/s | peak heap MiB | incremental changed | incremental s | incr/full |");
        await output.WriteLineAsync("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in rows)
        {
            var ratio = r.EndToEnd.TotalSeconds / (r.Fetch.TotalSeconds + r.Store.TotalSeconds);
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"| {r.People:N0} | {r.Subscriptions:N0} | {S(r.Fetch)} | {S(r.Store)} | {S(r.EndToEnd)} | {ratio:F2} | {r.People / r.EndToEnd.TotalSeconds:N0} | {Mb(r.PeakHeap)} | {(r.Incremental is null ? "-" : r.Changed.ToString("N0", CultureInfo.InvariantCulture))} | {(r.Incremental is { } i ? S(i) : "-")} | {(r.Incremental is { } j ? (j.TotalSeconds / r.EndToEnd.TotalSeconds).ToString("P1", CultureInfo.InvariantCulture) : "-")} |"));
        }

        if (rows.Count == 2)
        {
            await output.WriteLineAsync();
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"peak heap at {rows[1].People:N0} / at {rows[0].People:N0}: {rows[1].PeakHeap / (double)Math.Max(1, rows[0].PeakHeap):F2} (goal ≤ 1.5); {Environment.ProcessorCount} cores; server GC {System.Runtime.GCSettings.IsServerGC}"));
        }
    }

    private static async Task<Row> RunSizeAsync(int size, double changedShare, bool incremental, TextWriter output, CancellationToken ct)
    {
        var folder = Directory.CreateTempSubdirectory("pe-bench-dl-").FullName;
        try
        {
            await using var sim = await WebexSimulatorServer.StartAsync(new SimulatorOptions { Users = size, Seed = 7 }, ct);
            var token = sim.IssueToken(Scopes);
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"org of {size:N0} people serving at {sim.BaseUrl}; engine on {BenchDatabase.Name}"));

            var (fetch, people) = await FetchOnlyAsync(sim, token, ct);
            var (store, subscriptions) = await StoreOnlyAsync(sim, token, Path.Combine(folder, "store-only.db"), ct);

            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                [DataFolder.ConfigurationKey] = Path.Combine(folder, "engine"),
                [$"{TemplateOptions.Section}:{nameof(TemplateOptions.Folder)}"] = Path.Combine(RepositoryRoot(), "templates"),
            }.Concat(BenchDatabase.NewDatabaseSettings())).Build();
            var services = new ServiceCollection();
            services.AddLogging(b => b.SetMinimumLevel(LogLevel.Error).AddSimpleConsole());
            services.AddProfileEngineServices(configuration, allowLoopbackVendorHosts: true);
            services.AddWebexConnector(configuration);
            await using var provider = services.BuildServiceProvider();
            await PersistenceServiceCollectionExtensions.MigrateDatabaseAsync(provider.GetRequiredService<IDbContextFactory<ProfileEngineDbContext>>(), configuration, provider.GetServices<ProfileEngine.Connectors.VendorConnector>(), ct);
            var profileId = await SetUpProfileAsync(provider, sim, token, ct);
            var runtime = provider.GetRequiredService<IWorkflowRuntime>();
            var input = new JsonObject { ["profileId"] = profileId.ToString() };

            using var sampling = new CancellationTokenSource();
            var sampler = HeapSampler.Start();
            var sampleLoop = SampleAsync(sampler, sampling.Token);
            var watch = Stopwatch.StartNew();
            var run = await runtime.StartAsync(WebexSubflows.Download, input, profileId.ToString(), ct);
            watch.Stop();
            await sampling.CancelAsync();
            await sampleLoop;
            var endToEnd = watch.Elapsed;
            var counts = await CountsAsync(runtime, run, ct);
            await output.WriteLineAsync($"  full: {counts}");

            TimeSpan? incrementalTime = null;
            var changed = (int)Math.Round(size * changedShare);
            if (incremental)
            {
                ChangePeople(sim, changed);
                var incrementalWatch = Stopwatch.StartNew();
                var incrementalRun = await runtime.StartAsync(IncrementalDefinition, input, profileId.ToString(), ct);
                incrementalWatch.Stop();
                incrementalTime = incrementalWatch.Elapsed;
                await output.WriteLineAsync($"  incremental: {await CountsAsync(runtime, incrementalRun, ct)}");
            }

            return new Row(people, subscriptions, fetch, store, endToEnd, sampler.PeakAboveBaseline, changed, incrementalTime);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<(TimeSpan Elapsed, int People)> FetchOnlyAsync(WebexSimulatorServer sim, IssuedToken token, CancellationToken ct)
    {
        await using var services = ClientServices();
        var client = Client(services, sim, token);
        var watch = Stopwatch.StartNew();
        var people = 0;
        await foreach (var page in client.ListPeoplePagesAsync(new PeopleQuery { Max = 1000 }, null, ct))
        {
            people += page.Items.Count;
        }

        return (watch.Elapsed, people);
    }

    /// <summary>The same rows (person × paid license) bulk-upserted a page per transaction; only the store part is timed.</summary>
    private static async Task<(TimeSpan Elapsed, int Rows)> StoreOnlyAsync(WebexSimulatorServer sim, IssuedToken token, string path, CancellationToken ct)
    {
        await using var services = ClientServices();
        var client = Client(services, sim, token);
        var free = (await client.ListLicensesAsync(cancellationToken: ct)).Where(l => l.SubscriptionId is null).Select(l => l.Id).ToHashSet(StringComparer.Ordinal);
        var options = BenchDatabase.NewStoreOptions(path);
        await using (var create = new ProfileEngineDbContext(options))
        {
            await DatabaseMigrator.MigrateAsync(create, ct);
        }

        var profileId = Guid.NewGuid();
        var store = new Stopwatch();
        var total = 0;
        var now = TimeProvider.System.GetUtcNow();
        await foreach (var page in client.ListPeoplePagesAsync(new PeopleQuery { Max = 1000 }, null, ct))
        {
            var rows = page.Items.Where(p => p.Type == "person")
                .SelectMany(p => p.Licenses.Where(l => !free.Contains(l)).Select(l => new SubscriptionRow(
                    p.Id, l, p.PrimaryEmail, p.DisplayName, null, p.Created, p.InvitePending, p.LoginEnabled,
                    p.Roles.Count == 0 ? null : "," + string.Join(',', p.Roles) + ",", p.Timezone, p.Type, p.Status, false)))
                .ToList();
            var ids = page.Items.Select(p => p.Id).ToList();
            store.Start();
            await using (var db = new ProfileEngineDbContext(options))
            {
                var plan = await SubscriptionBulkWriter.PlanAsync(db, profileId, ids, rows, keepStatusWhenAbsent: false, ct);
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                await SubscriptionBulkWriter.ApplyAsync(db, profileId, plan, 1, now, ct);
                await transaction.CommitAsync(ct);
            }

            store.Stop();
            total += rows.Count;
        }

        return (store.Elapsed, total);
    }

    private static async Task<Guid> SetUpProfileAsync(ServiceProvider provider, WebexSimulatorServer sim, IssuedToken token, CancellationToken ct)
    {
        var report = await provider.GetRequiredService<WorkflowDefinitionLoader>().LoadFolderAsync(BenchEngine.WorkflowsFolder, ct);
        if (report.Problems.Count > 0)
        {
            throw new InvalidOperationException("workflows/ has problems: " + string.Join("; ", report.Problems));
        }

        var json = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(BenchEngine.WorkflowsFolder, WebexSubflows.Download + ".json"), ct))!;
        json["definitionId"] = IncrementalDefinition;
        json["root"]!["activities"]!.AsArray().Single(a => a!["id"]!.GetValue<string>() == "DownloadSubscriptions")!["mode"] =
            new JsonObject { ["typeName"] = "String", ["expression"] = new JsonObject { ["type"] = "Literal", ["value"] = "incremental" } };
        await provider.GetRequiredService<WorkflowDefinitionStore>().ImportAsync(DefinitionReader.Read(json.ToJsonString(), "bench.json").Definition!, "bench.json", ct);

        async Task<T> Send<T>(Func<ISender, ValueTask<T>> send)
        {
            await using var scope = provider.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<CurrentOperator>().Name = "bench";
            return await send(scope.ServiceProvider.GetRequiredService<ISender>());
        }

        await Send(s => s.Send(new CreateChildAlias(ScimAlias, WebexAliases.SubscriptionActivityReclaim, UsesScimDirectory: true), ct));
        await Send(s => s.Send(new SetConnectionDetails(ScimAlias, sim.BaseUrl, sim.Org.ClientId, sim.Org.ClientSecret, "http://127.0.0.1:5999/cb"), ct));
        var protector = provider.GetRequiredService<SecretProtector>();
        var now = TimeProvider.System.GetUtcNow();
        using (AuditScope.Begin(new AuditScope("bench", "BenchmarkConnect", now)))
        {
            await using var db = await provider.GetRequiredService<IDbContextFactory<ProfileEngineDbContext>>().CreateDbContextAsync(ct);
            var connection = await db.Connections.SingleAsync(c => c.Alias!.Name == ScimAlias, ct);
            connection.ProtectedAccessToken = protector.Protect(token.AccessToken);
            connection.ProtectedRefreshToken = protector.Protect(token.RefreshToken);
            connection.AccessTokenExpiresAt = now.AddSeconds(token.ExpiresIn);
            connection.Status = ConnectionStatus.Connected;
            connection.OrgId = sim.Org.OrgId;
            connection.GrantedScopes = string.Join(' ', Scopes);
            await db.SaveChangesAsync(ct);
        }

        var profile = await Send(s => s.Send(new CreateProfile("Bench Webex", ConnectionAlias: ScimAlias), ct));
        return profile.Id;
    }

    /// <summary>Gives <paramref name="count"/> people spread over the org a license change (their lastModified moves).</summary>
    private static void ChangePeople(WebexSimulatorServer sim, int count)
    {
        sim.State.AdvanceClock(TimeSpan.FromMinutes(5));
        List<(string Person, string License, bool Assign)> changes;
        using (sim.State.Read())
        {
            var calling = sim.State.Data.Licenses.Single(l => l.Name == "Webex Calling - Professional");
            var people = sim.State.Data.People.Where(p => p.Type == ProfileEngine.WebexSimulator.Org.PersonType.Person).ToList();
            var step = Math.Max(1, people.Count / Math.Max(1, count));
            changes = [.. Enumerable.Range(0, count).Select(i => people[(i * step) % people.Count])
                .Select(p => (p.Id, calling.Id, !p.Holds(calling.Index)))];
        }

        foreach (var (person, license, assign) in changes)
        {
            sim.State.AssignLicense(person, license, assign);
        }
    }

    private static async Task<string> CountsAsync(IWorkflowRuntime runtime, WorkflowRunResult run, CancellationToken ct)
    {
        if (run.Status != WorkflowStatus.Finished)
        {
            throw new InvalidOperationException($"the download ended {run.Status}: {run.FaultMessage}");
        }

        var details = await runtime.GetAsync(run.InstanceId, ct);
        return details!.Variables["counts"]?.ToJsonString() ?? "(no counts)";
    }

    private static async Task SampleAsync(HeapSampler sampler, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(20));
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                sampler.Sample();
            }
        }
        catch (OperationCanceledException)
        {
            // Sampling ends with the run.
        }
    }

    private static ServiceProvider ClientServices()
    {
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        services.AddWebexClient();
        return services.BuildServiceProvider();
    }

    private static WebexClient Client(ServiceProvider services, WebexSimulatorServer sim, IssuedToken token) =>
        services.GetRequiredService<IWebexClientFactory>().Create(new WebexConnection
        {
            BaseAddress = new Uri(sim.BaseUrl),
            ClientId = sim.Org.ClientId,
            ClientSecret = sim.Org.ClientSecret,
            Tokens = new WebexTokens(token.AccessToken, DateTimeOffset.MaxValue, token.RefreshToken, null),
            OnTokensRefreshed = (_, _) => Task.CompletedTask,
        });

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ProfileEngine.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (ProfileEngine.sln) was not found above " + AppContext.BaseDirectory);
    }

    private sealed record Row(int People, int Subscriptions, TimeSpan Fetch, TimeSpan Store, TimeSpan EndToEnd, long PeakHeap, int Changed, TimeSpan? Incremental);
}
