using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using ProfileEngine.Connections;
using ProfileEngine.Connectors.Webex.Connections;
using ProfileEngine.Connectors.Webex.Models;
using ProfileEngine.Connectors.Webex;
using ProfileEngine.Profiles;
using ProfileEngine.WebexSimulator;
using ProfileEngine.Workflows.Persistence;
using ProfileEngine.Workflows.Runtime;

namespace ProfileEngine.Benchmarks;

/// <summary>
/// The Update User Activity subflow end to end (runtime, client, bulk "update if later" into SQLite) against the
/// floor of reading the same windows of events (per day) and meetings hosted (the site's MeetingCenter usage report,
/// per 30 days) with the client alone. At N/10 and N people, so the
/// peak heap shows whether memory stays flat.
/// </summary>
public static class ActivityScenario
{
    private const int AnalyzeDays = 60;

    public static async Task RunAsync(int users, int events, TextWriter output, CancellationToken ct)
    {
        var rows = new List<(int Users, long Events, PassResult Floor, PassResult Run, JsonNode? Counts)>();
        foreach (var size in users >= 1000 ? new[] { users / 10, users } : [users])
        {
            var target = (int)((long)events * size / users);
            var perUser = await CalibrateAsync(size, target, ct);
            await using var engine = await BenchEngine.StartAsync(new SimulatorOptions { Users = size, EventsPerActiveUserPer60Days = perUser }, ct);
            await engine.ImportWorkflowAsync("cisco-webex-update-user-activity.json", ct);
            await engine.ImportWorkflowAsync("cisco-webex-download-subscriptions.json", ct);
            var now = TimeProvider.System.GetUtcNow();
            var from = now.AddDays(-AnalyzeDays).AddMinutes(1);
            var profile = await engine.SendAsync(s => s.Send(new CreateProfile(
                "Bench " + size.ToString(CultureInfo.InvariantCulture), AnalyzeUserActivityFrom: from, ReclaimSubflow: WebexSubflows.Activity), ct));

            // Hosts in the usage reports are matched to the profile's subscriptions by email, and the report is read
            // per site of its licenses: the download runs first (not measured).
            var runtime = engine.Services.GetRequiredService<IWorkflowRuntime>();
            var downloaded = await runtime.StartAsync(WebexSubflows.Download, new JsonObject { ["profileId"] = profile.Id.ToString() }, profile.Id.ToString(), ct);
            if (downloaded.Status != WorkflowStatus.Finished)
            {
                throw new InvalidOperationException($"The download subflow ended {downloaded.Status}: {downloaded.FaultMessage}");
            }

            var client = await engine.Services.GetRequiredService<ConnectedWebexClients>().CreateAsync(WebexAliases.SubscriptionActivityReclaim, ct);
            var site = engine.Sim.State.Data.SiteUrl;
            var floor = await HeapSampler.RunAsync("floor", async sampler =>
            {
                using var sampling = new CancellationTokenSource();
                var background = SampleAsync(sampler, sampling.Token);
                long count = 0;
                for (var start = from; start < now; start = start.AddDays(1))
                {
                    var end = start.AddDays(1) < now ? start.AddDays(1) : now;
                    await foreach (var _ in client.ListComplianceEventsAsync(new() { From = start, To = end, Max = 1000 }, ct))
                    {
                        count++;
                    }

                }

                // Sessions hosted: the engine reads the site's usage report per service type (Meetings, Training, Events,
                // Support), in windows of at most 30 days (Webex's limit); /v1/meetings lists only the caller's meetings.
                foreach (var serviceType in MeetingUsageQuery.ServiceTypes)
                {
                    for (var start = from; start < now; start += WebexClient.MaxMeetingUsageInterval)
                    {
                        var end = start + WebexClient.MaxMeetingUsageInterval < now ? start + WebexClient.MaxMeetingUsageInterval : now;
                        var query = new MeetingUsageQuery { SiteUrl = site, ServiceType = serviceType, From = start, To = end, Max = WebexClient.MaxMeetingUsagePageSize };
                        await foreach (var _ in client.ListMeetingUsageReportsAsync(query, ct))
                        {
                            count++;
                        }
                    }
                }

                await sampling.CancelAsync();
                await background;
                return (count, 0);
            });

            JsonNode? counts = null;
            var run = await HeapSampler.RunAsync("activity", async sampler =>
            {
                using var sampling = new CancellationTokenSource();
                var background = SampleAsync(sampler, sampling.Token);
                var result = await runtime.StartAsync(WebexSubflows.Activity, new JsonObject { ["profileId"] = profile.Id.ToString() }, profile.Id.ToString(), ct);
                await sampling.CancelAsync();
                await background;
                if (result.Status != WorkflowStatus.Finished)
                {
                    throw new InvalidOperationException($"The activity subflow ended {result.Status}: {result.FaultMessage}");
                }

                counts = (await runtime.GetAsync(result.InstanceId, ct))!.Variables["counts"];
                var read = (counts?["eventsRead"]?.GetValue<long>() ?? 0) + (counts?["sessionsRead"]?.GetValue<long>() ?? 0);
                return (read, 0);
            });
            rows.Add((size, floor.Items, floor, run, counts));
        }

        await output.WriteLineAsync();
        await output.WriteLineAsync("| org people | events+sessions read | fetch-only floor s | activity subflow s | subflow/floor | floor peak live heap MiB | subflow peak live heap MiB |");
        await output.WriteLineAsync("|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (size, items, floor, run, _) in rows)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"| {size:N0} | {items:N0} | {floor.Elapsed.TotalSeconds:F1} | {run.Elapsed.TotalSeconds:F1} | {run.Elapsed / floor.Elapsed:F2}× | {Mb(floor.PeakHeapAboveBaselineBytes)} | {Mb(run.PeakHeapAboveBaselineBytes)} |"));
            if (run.Items != floor.Items)
            {
                await output.WriteLineAsync($"  WARNING: the subflow read {run.Items:N0} items, the floor {floor.Items:N0}.");
            }
        }

        if (rows.Count == 2)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"\npeak live heap at {rows[1].Users:N0} people / at {rows[0].Users:N0}: {rows[1].Run.PeakHeapAboveBaselineBytes / (double)Math.Max(1, rows[0].Run.PeakHeapAboveBaselineBytes):F2}×; counts at {rows[1].Users:N0}: {rows[1].Counts?.ToJsonString()}"));
        }

        using var process = Process.GetCurrentProcess();
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"process peak working set {Mb(process.PeakWorkingSet64)} MiB (simulator org included); {Environment.ProcessorCount} cores"));
    }

    /// <summary>The per-user event rate that gives about <paramref name="target"/> events in the analyzed days.</summary>
    private static async Task<int> CalibrateAsync(int users, int target, CancellationToken ct)
    {
        const int probe = 20;
        await using var sim = await WebexSimulatorServer.StartAsync(new SimulatorOptions { Users = users, EventsPerActiveUserPer60Days = probe }, ct);
        var since = TimeProvider.System.GetUtcNow().AddDays(-AnalyzeDays).UtcTicks;
        var inWindow = sim.State.Data.Events.LongCount(e => e.Ticks >= since);
        return (int)Math.Clamp(Math.Round(probe * (double)target / Math.Max(1, inWindow)), 1, 10_000);
    }

    private static async Task SampleAsync(HeapSampler sampler, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(250));
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                sampler.SampleLive();
            }
        }
        catch (OperationCanceledException)
        {
            // the run is over
        }
    }

    private static string Mb(long bytes) => (bytes / 1024d / 1024d).ToString("F1", CultureInfo.InvariantCulture);
}
