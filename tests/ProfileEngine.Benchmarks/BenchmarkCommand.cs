using System.Globalization;

namespace ProfileEngine.Benchmarks;

/// <summary>Parses the command line and runs the chosen scenario.</summary>
public static class BenchmarkCommand
{
    private const string Usage = """
        usage: dotnet run -c Release --project tests/ProfileEngine.Benchmarks -- fetch [--users N] [--seed N] [--repeat N]
               dotnet run -c Release --project tests/ProfileEngine.Benchmarks -- workflows [--instances N]
               dotnet run -c Release --project tests/ProfileEngine.Benchmarks -- activity [--users N] [--events N]
               dotnet run -c Release --project tests/ProfileEngine.Benchmarks -- download [--users N]
               dotnet run -c Release --project tests/ProfileEngine.Benchmarks -- incremental [--users N] [--changed P%]
               dotnet run -c Release --project tests/ProfileEngine.Benchmarks -- reclamation [--subscriptions N]
          activity, download and incremental also take --database Sqlite|PostgreSql (default Sqlite): the engine's
                  data (and, for download, the store-only floor) in a fresh SQLite file or a fresh PostgreSQL database.
          fetch   the simulator's raw serving rate (bare HttpClient + Utf8JsonReader, the floor) against the Webex
                  client's rate over the same pages, for people and compliance events, at N/10 and N people,
                  with the managed heap each pass needed.
          workflows  starts N instances (default 10,000) of a flow that waits on an Event, then resumes them all
                  by publishing their events; instances/s each way against hand-written SQL doing the same
                  commits (taking turns in slices of 500), and the database size; then, on the engine's database,
                  N starts of that flow against N removal candidate flows (sam-removal-candidate.json).
          activity  the Update User Activity subflow at N/10 and N people (default 100,000) over about E compliance
                  events (default 2,000,000) in the analyzed 60 days, against reading the same windows with the
                  client alone; peak heap at both sizes.
          download  the Download Subscriptions subflow into a fresh SQLite file at N/10 and N people (default
                  100,000), against its floors measured in the same run: fetch-only and store-only (the same rows
                  bulk-upserted), with the peak heap of each size.
          incremental  the same, then P% of people (default 1%) change and the incremental subflow runs.
          reclamation  rule evaluation over N subscriptions (default 100,000; one in ten stale) and the start of the
                  N/10 candidate flows, against a hand-written INSERT … SELECT and hand-written flow commits.
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var database = Array.IndexOf(args, "--database");
        if (database > 0)
        {
            var value = database + 1 < args.Length ? args[database + 1] : null;
            if (args[0] is not ("activity" or "download" or "incremental")
                || !Enum.TryParse<ProfileEngine.Persistence.DatabaseProvider>(value, ignoreCase: true, out var provider) || !Enum.IsDefined(provider))
            {
                await Console.Error.WriteLineAsync($"--database takes Sqlite or PostgreSql, for activity, download and incremental.\n{Usage}");
                return 2;
            }

            BenchDatabase.Provider = provider;
            args = [.. args[..database], .. args[(database + 2)..]];
        }

        if (args.Length > 0 && args[0] == "workflows")
        {
            var instances = 10_000;
            if (args.Length == 3 && args[1] == "--instances" && TryPositive(args[2], out var n))
            {
                instances = n;
            }
            else if (args.Length != 1)
            {
                await Console.Error.WriteLineAsync($"workflows: '{string.Join(' ', args[1..])}' is not understood.\n{Usage}");
                return 2;
            }

            await WorkflowScenario.RunAsync(instances, Console.Out, CancellationToken.None);
            return 0;
        }

        if (args.Length > 0 && args[0] == "reclamation")
        {
            var subscriptions = 100_000;
            if (args.Length == 3 && args[1] == "--subscriptions" && TryPositive(args[2], out var n))
            {
                subscriptions = n;
            }
            else if (args.Length != 1)
            {
                await Console.Error.WriteLineAsync($"reclamation: '{string.Join(' ', args[1..])}' is not understood.\n{Usage}");
                return 2;
            }

            await ReclamationScenario.RunAsync(subscriptions, Console.Out, CancellationToken.None);
            return 0;
        }

        if (args.Length > 0 && args[0] == "activity")
        {
            var (activityUsers, activityEvents) = (100_000, 2_000_000);
            for (var i = 1; i < args.Length; i += 2)
            {
                var value = i + 1 < args.Length ? args[i + 1] : null;
                var ok = args[i] switch
                {
                    "--users" => TryPositive(value, out activityUsers),
                    "--events" => TryPositive(value, out activityEvents),
                    _ => false,
                };
                if (!ok)
                {
                    await Console.Error.WriteLineAsync($"activity: '{args[i]}' {value} is not understood.\n{Usage}");
                    return 2;
                }
            }

            await ActivityScenario.RunAsync(activityUsers, activityEvents, Console.Out, CancellationToken.None);
            return 0;
        }

        if (args.Length > 0 && args[0] is "download" or "incremental")
        {
            var people = 100_000;
            var changed = 0.01;
            for (var i = 1; i < args.Length; i++)
            {
                var value = i + 1 < args.Length ? args[i + 1] : null;
                switch (args[i])
                {
                    case "--users" when TryPositive(value, out people):
                        i++;
                        break;
                    case "--changed" when args[0] == "incremental" && TryPercent(value, out changed):
                        i++;
                        break;
                    default:
                        await Console.Error.WriteLineAsync($"{args[0]}: '{args[i]}' {(value is null ? string.Empty : $"'{value}' ")}is not understood.\n{Usage}");
                        return 2;
                }
            }

            await DownloadScenario.RunAsync(people, changed, incremental: args[0] == "incremental", Console.Out, CancellationToken.None);
            return 0;
        }

        if (args.Length == 0 || args[0] != "fetch")
        {
            await Console.Error.WriteLineAsync(Usage);
            return 2;
        }

        var users = 100_000;
        var seed = 7;
        var repeat = 2;
        for (var i = 1; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--users" when TryPositive(value, out users):
                case "--seed" when TryPositive(value, out seed):
                case "--repeat" when TryPositive(value, out repeat):
                    i++;
                    break;
                default:
                    await Console.Error.WriteLineAsync($"fetch: '{args[i]}' {(value is null ? string.Empty : $"'{value}' ")}is not understood.\n{Usage}");
                    return 2;
            }
        }

        await FetchScenario.RunAsync(users, seed, repeat, Console.Out, CancellationToken.None);
        return 0;
    }

    private static bool TryPercent(string? text, out double share)
    {
        share = 0;
        var trimmed = text?.TrimEnd('%');
        if (!double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out var percent) || percent <= 0 || percent > 100)
        {
            return false;
        }

        share = percent / 100;
        return true;
    }

    private static bool TryPositive(string? text, out int value) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value > 0;
}
