using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ProfileEngine.Connectors.Webex;
using ProfileEngine.Tests.Support;
using ProfileEngine.WebexSimulator;

namespace ProfileEngine.Tests.Connectors.Webex;

/// <summary>
/// A simulator on loopback and a <see cref="WebexClient"/> registered the production way (AddWebexClient), both on
/// one <see cref="ObservableClock"/>. Tokens handed to the refresh callback are kept in <see cref="RefreshedTokens"/>.
/// </summary>
public sealed class WebexTestHarness : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 11, 2, 8, 0, 0, TimeSpan.Zero);

    /// <summary>Distinct from every retry delay, so a test can tell attempt timeouts from waits.</summary>
    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(97);

    public static readonly string[] AllScopes =
    [
        "spark-admin:people_read", "spark-admin:people_write", "spark-admin:licenses_read", "spark-admin:roles_read",
        "spark-admin:organizations_read", "spark-compliance:events_read", "audit:events_read",
        "meeting:admin_schedule_read", "spark:messages_write", "identity:people_read",
    ];

    private readonly ServiceProvider _services;
    private readonly HttpClient _control;

    private WebexTestHarness(WebexSimulatorServer simulator, ObservableClock clock, ServiceProvider services, WebexConnection connection, CapturingLoggerProvider logs)
    {
        Logs = logs;
        Simulator = simulator;
        Clock = clock;
        _services = services;
        Connection = connection;
        Client = CreateClient(connection);
        _control = new HttpClient { BaseAddress = BaseAddress };
    }

    public WebexSimulatorServer Simulator { get; }

    public ObservableClock Clock { get; }

    public WebexConnection Connection { get; }

    public WebexClient Client { get; }

    public ConcurrentQueue<WebexTokens> RefreshedTokens { get; } = new();

    /// <summary>Everything the client, HttpClient and Polly logged, at every level.</summary>
    public CapturingLoggerProvider Logs { get; }

    public Uri BaseAddress => new(Simulator.BaseUrl.ToString());

    public static async Task<WebexTestHarness> StartAsync(
        int users = 40,
        IReadOnlyList<string>? scopes = null,
        bool rotateRefreshTokens = true,
        Action<WebexClientOptions>? configure = null)
    {
        var clock = new ObservableClock(Start);
        var simulator = await WebexSimulatorServer.StartAsync(new SimulatorOptions
        {
            Users = users,
            Seed = 7,
            Clock = clock,
            RotateRefreshTokens = rotateRefreshTokens,
        });

        var logs = new CapturingLoggerProvider();
        var services = new ServiceCollection()
            .AddSingleton<TimeProvider>(clock)
            .AddLogging(logging => logging.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        services.AddWebexClient(options =>
        {
            options.AttemptTimeout = AttemptTimeout;
            configure?.Invoke(options);
        });

        var issued = simulator.IssueToken(scopes ?? AllScopes, roles: null, lifetime: null);
        var now = clock.GetUtcNow();
        WebexTestHarness? harness = null;
        var connection = new WebexConnection
        {
            BaseAddress = new Uri(simulator.BaseUrl.ToString()),
            ClientId = simulator.Org.ClientId,
            ClientSecret = simulator.Org.ClientSecret,
            Tokens = new WebexTokens(
                issued.AccessToken,
                now.AddSeconds(issued.ExpiresIn),
                issued.RefreshToken,
                now.AddSeconds(issued.RefreshTokenExpiresIn)),
            OnTokensRefreshed = (tokens, _) =>
            {
                harness!.RefreshedTokens.Enqueue(tokens);
                return Task.CompletedTask;
            },
        };

        harness = new WebexTestHarness(simulator, clock, services.BuildServiceProvider(), connection, logs);
        return harness;
    }

    /// <summary>A further client over the same registration (e.g. with other tokens).</summary>
    public WebexClient CreateClient(WebexConnection connection) =>
        _services.GetRequiredService<IWebexClientFactory>().Create(connection);

    /// <summary><c>POST /_sim/faults/script</c>: the next matching requests get these faults, in order.</summary>
    public async Task ScriptFaultsAsync(params object[] faults)
    {
        using var response = await _control.PostAsJsonAsync("_sim/faults/script", faults);
        response.EnsureSuccessStatusCode();
    }

    public async Task ExpireAccessTokensAsync()
    {
        using var response = await _control.PostAsync("_sim/tokens/expire", null);
        response.EnsureSuccessStatusCode();
    }

    /// <summary><c>PUT /_sim/faults</c>: standing faults (<c>new { }</c> clears them).</summary>
    public async Task SetFaultsAsync(object faults)
    {
        using var response = await _control.PutAsJsonAsync("_sim/faults", faults);
        response.EnsureSuccessStatusCode();
    }

    public async Task ClearRequestsAsync()
    {
        using var response = await _control.DeleteAsync("_sim/requests");
        response.EnsureSuccessStatusCode();
    }

    /// <summary><c>GET /_sim/requests</c>.</summary>
    public async Task<SimRequests> GetRequestsAsync()
    {
        using var document = JsonDocument.Parse(await _control.GetStringAsync("_sim/requests"));
        var root = document.RootElement;
        var byPath = root.GetProperty("byPath").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64(), StringComparer.Ordinal);
        var byStatus = root.GetProperty("byStatus").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64(), StringComparer.Ordinal);
        var log = root.GetProperty("log").EnumerateArray()
            .Select(e => new SimRequest(
                DateTimeOffset.Parse(e.GetProperty("at").GetString()!, CultureInfo.InvariantCulture),
                e.GetProperty("method").GetString()!,
                e.GetProperty("path").GetString()!,
                e.GetProperty("query").GetString() ?? string.Empty,
                e.GetProperty("status").GetInt32()))
            .ToList();
        return new SimRequests(root.GetProperty("total").GetInt64(), byPath, byStatus, log);
    }

    /// <summary>GET on the control API, as a JSON document (e.g. <c>_sim/org</c>).</summary>
    public async Task<JsonDocument> GetControlAsync(string path) => JsonDocument.Parse(await _control.GetStringAsync(path));

    public async ValueTask DisposeAsync()
    {
        _control.Dispose();
        await _services.DisposeAsync();
        await Simulator.DisposeAsync();
    }
}

public sealed record SimRequests(long Total, IReadOnlyDictionary<string, long> ByPath, IReadOnlyDictionary<string, long> ByStatus, IReadOnlyList<SimRequest> Log)
{
    public long CountOf(string path) => ByPath.GetValueOrDefault(path);

    public IReadOnlyList<SimRequest> To(string path) => Log.Where(r => r.Path == path).ToList();
}

public sealed record SimRequest(DateTimeOffset At, string Method, string Path, string Query, int Status)
{
    public string? Parameter(string name) => System.Web.HttpUtility.ParseQueryString(Query)[name];
}
