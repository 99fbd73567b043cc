using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ProfileEngine.Connectors.Webex;
using ProfileEngine.Connectors.Webex.Models;
using ProfileEngine.WebexSimulator;

namespace ProfileEngine.Benchmarks;

/// <summary>
/// The first benchmark: for an org of N people (and N/10, to show memory does not grow with org size) the
/// simulator's raw serving rate, the Webex client's rate over the same pages, their ratio, and the heap each
/// pass needed. Goals: the simulator serves at least 50,000 people/s; the client reaches at least 80% of the floor.
/// </summary>
public static class FetchScenario
{
    private static readonly string[] Scopes = ["spark-admin:people_read", "spark-compliance:events_read"];

    public static async Task RunAsync(int users, int seed, int repeat, TextWriter output, CancellationToken ct)
    {
        var rows = new List<(int Users, string Listing, PassResult Floor, PassResult Client)>();
        var sizes = users >= 1000 ? new[] { users / 10, users } : [users];
        foreach (var size in sizes)
        {
            var generation = Stopwatch.StartNew();
            await using var sim = await WebexSimulatorServer.StartAsync(new SimulatorOptions { Users = size, Seed = seed }, ct);
            generation.Stop();
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"org of {size:N0} people generated and serving in {generation.Elapsed.TotalSeconds:F1} s at {sim.BaseUrl}"));

            var baseUrl = new Uri(sim.BaseUrl);
            var token = sim.IssueToken(Scopes, roles: null, lifetime: null);
            using var http = new HttpClient { BaseAddress = baseUrl, Timeout = Timeout.InfiniteTimeSpan };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.AccessToken);
            await using var services = ClientServices();
            var client = services.GetRequiredService<IWebexClientFactory>().Create(new WebexConnection
            {
                BaseAddress = baseUrl,
                ClientId = sim.Org.ClientId,
                ClientSecret = sim.Org.ClientSecret,
                Tokens = new WebexTokens(token.AccessToken, DateTimeOffset.MaxValue, token.RefreshToken, null),
                OnTokensRefreshed = (_, _) => Task.CompletedTask,
            });

            var peopleUrl = new Uri(baseUrl, "v1/people?max=1000");
            rows.Add((size, "people", await Best(repeat, "floor", s => FloorReader.CountAsync(http, peopleUrl, s, ct)),
                await Best(repeat, "client", s => CountAsync(client.ListPeopleAsync(new PeopleQuery { Max = 1000 }, ct), s))));

            var now = TimeProvider.System.GetUtcNow();
            var from = now.AddDays(-130);
            var eventsUrl = new Uri(baseUrl, string.Create(CultureInfo.InvariantCulture,
                $"v1/events?from={Uri.EscapeDataString(from.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture))}&max=1000"));
            rows.Add((size, "events", await Best(repeat, "floor", s => FloorReader.CountAsync(http, eventsUrl, s, ct)),
                await Best(repeat, "client", s => CountAsync(client.ListComplianceEventsAsync(new ComplianceEventQuery { From = from, Max = 1000 }, ct), s))));
        }

        await Report(rows, output);
    }

    private static async Task<PassResult> Best(int repeat, string name, Func<HeapSampler, Task<(long Items, int Pages)>> pass)
    {
        PassResult? best = null;
        for (var i = 0; i < repeat; i++)
        {
            var result = await HeapSampler.RunAsync(name, pass);
            best = best is null || result.Elapsed < best.Elapsed ? result : best;
        }

        return best!;
    }

    private static async Task<(long Items, int Pages)> CountAsync<T>(IAsyncEnumerable<T> items, HeapSampler sampler)
    {
        long count = 0;
        await foreach (var _ in items)
        {
            if (++count % 1000 == 0)
            {
                sampler.Sample();
            }
        }

        return (count, 0);
    }

    private static ServiceProvider ClientServices()
    {
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        services.AddWebexClient();
        return services.BuildServiceProvider();
    }

    private static async Task Report(List<(int Users, string Listing, PassResult Floor, PassResult Client)> rows, TextWriter output)
    {
        static string Mb(long bytes) => (bytes / 1024d / 1024d).ToString("F1", CultureInfo.InvariantCulture);
        await output.WriteLineAsync();
        await output.WriteLineAsync("| org people | listing | items | pages | floor items/s | client items/s | client/floor | floor peak heap MiB | client peak heap MiB |");
        await output.WriteLineAsync("|---:|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (users, listing, floor, client) in rows)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"| {users:N0} | {listing} | {floor.Items:N0} | {floor.Pages:N0} | {floor.ItemsPerSecond:N0} | {client.ItemsPerSecond:N0} | {client.ItemsPerSecond / floor.ItemsPerSecond:P0} | {Mb(floor.PeakHeapAboveBaselineBytes)} | {Mb(client.PeakHeapAboveBaselineBytes)} |"));
            if (client.Items != floor.Items)
            {
                await output.WriteLineAsync($"  WARNING: the client saw {client.Items:N0} {listing}, the floor {floor.Items:N0}.");
            }
        }

        using var process = Process.GetCurrentProcess();
        await output.WriteLineAsync();
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"process peak working set {Mb(process.PeakWorkingSet64)} MiB (simulator org data included); {Environment.ProcessorCount} cores; server GC {System.Runtime.GCSettings.IsServerGC}"));
    }
}
