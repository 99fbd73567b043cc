namespace ProfileEngine.WebexSimulator.Faults;

/// <summary>The faults in force: standing settings, the scripted queue and the per-token rate-limit windows.</summary>
public sealed class FaultPlan(int seed)
{
    private readonly Lock gate = new();
    private readonly List<(ScriptedFault Fault, int Left, int Skip)> script = [];
    private readonly Dictionary<string, (DateTimeOffset WindowStart, int Count)> windows = new(StringComparer.Ordinal);
    private Random random = new(seed);

    public FaultSettings Settings { get; private set; } = new();

    public void Set(FaultSettings settings)
    {
        lock (gate)
        {
            Settings = settings;
            windows.Clear();
        }
    }

    public void AddScript(IEnumerable<ScriptedFault> faults)
    {
        lock (gate)
        {
            script.AddRange(faults.Select(f => (f, Math.Max(1, f.Times), Math.Max(0, f.After))));
        }
    }

    public void Clear()
    {
        lock (gate)
        {
            Settings = new FaultSettings();
            script.Clear();
            windows.Clear();
            random = new Random(seed);
        }
    }

    /// <summary>Takes the first scripted fault matching the request, if any.</summary>
    public ScriptedFault? TakeScripted(string method, string path)
    {
        lock (gate)
        {
            for (var i = 0; i < script.Count; i++)
            {
                var (fault, left, skip) = script[i];
                if (path.StartsWith(fault.PathPrefix, StringComparison.OrdinalIgnoreCase)
                    && (fault.Method is null || string.Equals(fault.Method, method, StringComparison.OrdinalIgnoreCase)))
                {
                    if (skip > 0)
                    {
                        script[i] = (fault, left, skip - 1);
                        continue;
                    }

                    if (left <= 1)
                    {
                        script.RemoveAt(i);
                    }
                    else
                    {
                        script[i] = (fault, left - 1, 0);
                    }

                    return fault;
                }
            }

            return null;
        }
    }

    /// <summary>Rolls the seeded dice for the standing faults: drop, error status or none.</summary>
    public (bool Drop, int? Status) Roll()
    {
        lock (gate)
        {
            var settings = Settings;
            if (settings.DropShare > 0 && random.NextDouble() < settings.DropShare)
            {
                return (true, null);
            }

            if (settings.ErrorShare > 0 && settings.ErrorStatuses.Count > 0 && random.NextDouble() < settings.ErrorShare)
            {
                return (false, settings.ErrorStatuses[random.Next(settings.ErrorStatuses.Count)]);
            }

            return (false, null);
        }
    }

    /// <summary>Counts a request against the token's window; returns Retry-After seconds when over the limit.</summary>
    public int? CheckRateLimit(string token, DateTimeOffset now)
    {
        lock (gate)
        {
            if (Settings.RateLimit is not { Requests: > 0 } limit)
            {
                return null;
            }

            var window = TimeSpan.FromSeconds(Math.Max(1, limit.WindowSeconds));
            if (!windows.TryGetValue(token, out var entry) || now >= entry.WindowStart + window || now < entry.WindowStart)
            {
                entry = (now, 0);
            }

            if (entry.Count >= limit.Requests)
            {
                windows[token] = entry;
                var left = entry.WindowStart + window - now;
                return limit.RetryAfterSeconds ?? Math.Max(1, (int)Math.Ceiling(left.TotalSeconds));
            }

            windows[token] = (entry.WindowStart, entry.Count + 1);
            return null;
        }
    }
}
