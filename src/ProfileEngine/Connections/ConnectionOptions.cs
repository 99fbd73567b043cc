namespace ProfileEngine.Connections;

/// <summary>The <c>ProfileEngine:Connections</c> section.</summary>
public sealed class ConnectionOptions
{
    public const string Section = "ProfileEngine:Connections";

    /// <summary>Vendor hosts a connection's base URL may name (exact host names, over https).</summary>
    public IList<string> AllowedHosts { get; } = [];

    /// <summary>
    /// Whether loopback base URLs (http allowed) are accepted. Only the host turns this on, and only when the
    /// embedded vendor simulator is enabled; it cannot be set from configuration.
    /// </summary>
    internal bool AllowLoopback { get; set; }

    /// <summary>How long a started Connect can be completed.</summary>
    public TimeSpan AuthorizationLifetime { get; set; } = TimeSpan.FromMinutes(10);
}

/// <summary>
/// Decides whether the engine may call a vendor URL, and says why not. When configuration names no hosts, the
/// registered connectors' own hosts are allowed.
/// </summary>
public sealed class VendorHostPolicy(Microsoft.Extensions.Options.IOptions<ConnectionOptions> options, Connectors.VendorConnectors connectors)
{
    public IReadOnlyList<string> AllowedHosts => options.Value.AllowedHosts.Count > 0
        ? [.. options.Value.AllowedHosts]
        : [.. connectors.All.SelectMany(c => c.DefaultAllowedHosts).Distinct(StringComparer.OrdinalIgnoreCase)];

    public bool LoopbackAllowed => options.Value.AllowLoopback;

    /// <summary>Null when the engine may call <paramref name="url"/>; otherwise the reason, naming the host.</summary>
    public string? Refusal(string? url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            return $"'{url}' is not an absolute http(s) URL.";
        }

        if (uri.IsLoopback)
        {
            return LoopbackAllowed
                ? null
                : $"The host '{uri.Host}' is a loopback address, which is allowed only while an embedded vendor simulator is enabled (ProfileEngine:WebexSimulator:Enabled in configuration).";
        }

        if (!AllowedHosts.Contains(uri.Host, StringComparer.OrdinalIgnoreCase))
        {
            return $"The host '{uri.Host}' is not an allowed vendor host; allowed: {string.Join(", ", AllowedHosts)} (configure {ConnectionOptions.Section}:AllowedHosts).";
        }

        return uri.Scheme == Uri.UriSchemeHttps ? null : $"The host '{uri.Host}' must be called over https.";
    }

    /// <summary>Throws when <paramref name="url"/> may not be called.</summary>
    public void Demand(string url)
    {
        if (Refusal(url) is { } reason)
        {
            throw new InvalidOperationException($"The engine refuses to call {url}: {reason}");
        }
    }
}

/// <summary>
/// Refuses, before anything is sent, every request of a connector's HttpClient to a host the policy does not allow,
/// including next-page links and token refreshes.
/// </summary>
public sealed class VendorHostGuard(VendorHostPolicy policy) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (policy.Refusal(request.RequestUri?.GetLeftPart(UriPartial.Authority)) is { } reason)
        {
            throw new HttpRequestException($"Blocked request to a host that is not allowed: {reason}");
        }

        return base.SendAsync(request, cancellationToken);
    }
}
