namespace ProfileEngine.WebexSimulator.Faults;

/// <summary>Standing faults (<c>PUT /_sim/faults</c>); an empty object clears them all.</summary>
public sealed record FaultSettings
{
    public RateLimitSettings? RateLimit { get; init; }

    /// <summary>Share (0..1) of requests answered with one of <see cref="ErrorStatuses"/>.</summary>
    public double ErrorShare { get; init; }

    public IReadOnlyList<int> ErrorStatuses { get; init; } = [500, 502, 503];
    public int LatencyMs { get; init; }

    /// <summary>Share (0..1) of requests whose connection is aborted without an answer.</summary>
    public double DropShare { get; init; }
}

/// <summary>At most <see cref="Requests"/> per access token per window of the simulator clock.</summary>
public sealed record RateLimitSettings
{
    public int Requests { get; init; }
    public int WindowSeconds { get; init; } = 60;

    /// <summary>Fixed Retry-After; when absent it is the time left in the window.</summary>
    public int? RetryAfterSeconds { get; init; }
}

/// <summary>One scripted fault (<c>POST /_sim/faults/script</c>): the next <see cref="Times"/> matching requests get it.</summary>
public sealed record ScriptedFault
{
    public required string PathPrefix { get; init; }
    public string? Method { get; init; }

    /// <summary>status | rateLimit | drop | malformed | truncated</summary>
    public required string Kind { get; init; }

    public int? Status { get; init; }
    public int? RetryAfterSeconds { get; init; }
    public int Times { get; init; } = 1;

    /// <summary>How many matching requests pass untouched before the fault applies (a failure mid-way through a run).</summary>
    public int After { get; init; }

    public static readonly IReadOnlyList<string> Kinds = ["status", "rateLimit", "drop", "malformed", "truncated"];
}
