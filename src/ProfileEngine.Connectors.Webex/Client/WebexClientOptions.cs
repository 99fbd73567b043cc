namespace ProfileEngine.Connectors.Webex;

/// <summary>How the Webex client retries, waits and refreshes. Shared by every connection.</summary>
public sealed class WebexClientOptions
{
    /// <summary>Retries of a 429 answer, each after the vendor's Retry-After.</summary>
    public int MaxRateLimitRetries { get; set; } = 5;

    /// <summary>Wait used when a 429 carries no usable Retry-After.</summary>
    public TimeSpan DefaultRetryAfter { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Upper bound on a Retry-After wait, so a wild header cannot stall a job for hours.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Retries of 500/502/503/504, dropped connections and attempt timeouts.</summary>
    public int MaxTransientRetries { get; set; } = 3;

    /// <summary>First backoff of a transient retry; later ones grow exponentially, with jitter.</summary>
    public TimeSpan TransientRetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan TransientRetryMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Time allowed for one HTTP attempt (until the response headers arrive).</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The access token is refreshed this long before its known expiry.</summary>
    public TimeSpan RefreshBeforeExpiry { get; set; } = TimeSpan.FromMinutes(10);
}
