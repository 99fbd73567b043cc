using System.CommandLine;
using System.Diagnostics;
using System.Text.Json.Nodes;
using ProfileEngine.Connections;
using ProfileEngine.Connectors;
using ProfileEngine.Host.Simulator;
using ProfileEngine.Messaging;
using ProfileEngine.Profiles;
using ProfileEngine.Reclamation;
using ProfileEngine.Reconciliation;
using ProfileEngine.Scheduling;
using ProfileEngine.Subscriptions;

namespace ProfileEngine.Host.CommandLine;

/// <summary>
/// <c>demo</c>: the whole cycle, headless, against the host's vendor simulator started for it: connect, create, validate, publish,
/// download, activity (which evaluates the rules), reclaim the candidates a demo reviewer approves, reconcile; a
/// progress bar while it works and a summary table at the end. Uses a fresh data folder unless one is given.
/// </summary>
public static class DemoCommand
{
    private const string Redirect = "http://127.0.0.1:5080/connections/oauth/callback";
    private const int Steps = 9;

    public static Command Create(TextWriter output, TextWriter error)
    {
        var users = new Option<int>("--users") { DefaultValueFactory = _ => 2000, Description = "people in the simulated account (default 2000)" };
        var approve = new Option<int>("--reclaim") { DefaultValueFactory = _ => 10, Description = "how many candidates the demo reviewer approves (default 10)" };
        var command = new Command("demo", "runs the whole cycle headless against a vendor simulator and prints a summary") { users, approve };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var given = parse.GetValue(EngineCommandLine.DataFolder);
            var folder = given ?? Directory.CreateTempSubdirectory("profileengine-demo-").FullName;
            try
            {
                return await RunAsync(folder, given is not null, Math.Max(10, parse.GetValue(users)), Math.Max(0, parse.GetValue(approve)), output, error, cancellationToken);
            }
            catch (Exception e) when (e is RequestValidationException or RequestNotFoundException or RequestConflictException or InvalidOperationException)
            {
                await error.WriteLineAsync($"The demo stopped: {e.Message}");
                return 1;
            }
            finally
            {
                if (given is null)
                {
                    Persistence.SqliteFiles.ReleasePools(folder);
                    Directory.Delete(folder, recursive: true);
                }
            }
        });
        return command;
    }

    private static async Task<int> RunAsync(string folder, bool keepFolder, int users, int approve, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var progress = new Progress(output);
        progress.Step("Starting the vendor simulator");
        await using var engine = await CliEngine.OpenAsync(folder, output, error, cancellationToken);
        await using var sim = await engine.Services.GetRequiredService<IVendorSimulator>()
            .StartAsync(new VendorSimulatorSettings(users, Seed: 7, RedirectUris: [Redirect]), cancellationToken);
        await engine.LoadDefinitionsAsync(cancellationToken);

        progress.Step("Connecting through OAuth (the simulator's consent page)");
        var alias = engine.Services.GetRequiredService<VendorConnectors>().Default.Aliases.ParentFor(downloadActivity: true, reclaimSubscriptions: true);
        await engine.SendAsync(new SetConnectionDetails(alias, sim.BaseUrl, sim.ClientId, sim.ClientSecret, Redirect), cancellationToken);
        var started = await engine.SendAsync(new StartConnect(alias), cancellationToken);
        var (code, state) = await sim.ConsentAsync(started.AuthorizeUrl, cancellationToken);
        await engine.SendAsync(new CompleteConnect(state, code), cancellationToken);

        progress.Step("Creating the profile");
        var clock = engine.Services.GetRequiredService<TimeProvider>();
        var profile = await engine.SendAsync(new CreateProfile($"Demo {clock.GetUtcNow():HHmmss}"), cancellationToken);
        var vendor = engine.Services.GetRequiredService<VendorConnectors>().VendorOf(profile.ProfileType);

        progress.Step("Validating the connection");
        var validated = await engine.SendAsync(new ValidateProfileConnection(profile.Id), cancellationToken);
        if (validated.LastValidation?.Passed != true)
        {
            foreach (var check in validated.LastValidation?.Checks.Where(c => !c.Passed) ?? [])
            {
                await error.WriteLineAsync($"FAIL {check.Process}: {check.Name}: {check.Message}");
            }

            return 1;
        }

        progress.Step("Publishing (creates the scheduled jobs)");
        var published = await engine.SendAsync(new PublishProfile(profile.Id, validated.Version, Confirm: true), cancellationToken);

        var jobs = engine.Services.GetRequiredService<ProfileJobRunner>();
        progress.Step("Downloading subscriptions (and pricing what was found)");
        var download = await jobs.RunAsync(profile.Id, ProfileProcess.Subscriptions, "demo", cancellationToken);
        foreach (var model in (await engine.QueryAsync(new ListSoftwareModels(profile.Id), cancellationToken)).Where(m => !m.IsFree))
        {
            await engine.SendAsync(new CreateEntitlement(model.Id, "Demo agreement", RightsOwned: 100, UnitPrice: 12m, Currency: "USD", Term: EntitlementTerm.Monthly), cancellationToken);
        }

        progress.Step("Reading activity and evaluating the reclamation rules");
        var activity = await jobs.RunAsync(profile.Id, ProfileProcess.Activity, "demo", cancellationToken);
        if (download?.Outcome != JobOutcome.Succeeded || activity?.Outcome != JobOutcome.Succeeded)
        {
            await error.WriteLineAsync($"A job failed: {download?.Error ?? activity?.Error}");
            return 1;
        }

        progress.Step($"Reclaiming the {approve} candidate(s) the demo reviewer approves");
        var reclaimed = await engine.SendAsync(new ReclaimAllCandidates(profile.Id, Note: "approved in the demo", Limit: Math.Max(1, approve)), cancellationToken);

        progress.Step("Reconciling");
        var reconciliation = await engine.SendAsync(new Reconcile(), cancellationToken);
        var candidates = await engine.QueryAsync(new ListRemovalCandidates(profile.Id, Take: 1), cancellationToken);
        var open = await engine.QueryAsync(new ListRemovalCandidates(profile.Id, Open: true, Take: 1), cancellationToken);
        var counts = JsonNode.Parse(download.Counts ?? "{}")!;
        var rows = new List<(string, string)>
        {
            ("profile", $"{published.DisplayName} ({published.Status})"),
            ("scheduled jobs", string.Join(", ", published.ScheduledJobs.Select(j => j.Name))),
            ("people in the account", users.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)),
            ("subscriptions downloaded", $"{counts["inserted"]?.ToString() ?? "?"}"),
            ("removal candidates", $"{candidates.Total} ({open.Total} still open)"),
            ($"reclaimed at {vendor}", $"{reclaimed.Decided} (skipped {reclaimed.Skipped})"),
        };
        rows.AddRange(reconciliation.Totals.Select(t => ($"savings {t.Currency}", $"potential {t.PotentialSavings:N2}, actual {t.ActualSavingsYtd:N2}")));
        rows.Add(("data folder", keepFolder ? folder : "a temporary one, removed now (--data-folder keeps it)"));
        progress.Done();
        var width = rows.Max(r => r.Item1.Length);
        foreach (var (name, value) in rows)
        {
            await output.WriteLineAsync($"  {name.PadRight(width)}  {value}");
        }

        return 0;
    }

    /// <summary>A plain-text progress bar, one line per step, with the time each step took.</summary>
    private sealed class Progress(TextWriter output)
    {
        private readonly Stopwatch _watch = Stopwatch.StartNew();
        private int _step;
        private string? _current;

        public void Step(string name)
        {
            Finish();
            _step++;
            _current = name;
            output.Write($"[{new string('#', _step - 1)}{new string('.', Steps - _step + 1)}] {_step}/{Steps} {name} …");
            output.Flush();
            _watch.Restart();
        }

        public void Done()
        {
            Finish();
            output.WriteLine($"[{new string('#', Steps)}] done");
        }

        private void Finish()
        {
            if (_current is not null)
            {
                output.WriteLine($" {_watch.Elapsed.TotalSeconds:F1} s");
                _current = null;
            }
        }
    }
}
