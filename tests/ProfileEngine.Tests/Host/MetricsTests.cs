using System.Globalization;
using System.Net;
using ProfileEngine.Profiles;
using ProfileEngine.Scheduling;
using ProfileEngine.Tests.Connectors.Webex;
using ProfileEngine.Tests.Subscriptions;
using ProfileEngine.Tests.Support;

namespace ProfileEngine.Tests.Host;

/// <summary>
/// <c>GET /metrics</c> of the real host, anonymous, in Prometheus text format. The exporter reads every meter of the
/// process, so the engines these tests drive (harnesses beside the host) show in the host's answer; tests running in
/// parallel only add to the counters, hence "more than before" rather than exact values.
/// </summary>
public sealed class MetricsTests
{
    private const string WebexRequests = "profileengine_webex_requests";
    private const string WebexThrottled = "profileengine_webex_throttled";
    private const string JobDuration = "profileengine_scheduled_job_duration";

    [Fact]
    public async Task A_scheduled_download_shows_its_duration_and_its_calls_to_v1_people()
    {
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?> { ["ProfileEngine:WebexSimulator:Enabled"] = "false" });
        using var http = host.CreateAnonymousClient();
        await using var org = await DownloadOrg.StartAsync(users: 40);
        // Publishing creates the profile's jobs; the harness's scheduler stays in standby, so only this test runs them.
        var validated = await org.Engine.SendAsync(s => s.Send(new ValidateProfileConnection(org.ProfileId)));
        await org.Engine.SendAsync(s => s.Send(new PublishProfile(org.ProfileId, validated.Version, Confirm: true)));

        var result = await org.Engine.Get<ProfileJobRunner>().RunAsync(org.ProfileId, ProfileProcess.Subscriptions, "tests", CancellationToken.None);
        Assert.Equal(JobOutcome.Succeeded, result!.Outcome);

        using var response = await http.GetAsync(new Uri("metrics", UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        Assert.True(Sum(text, WebexRequests, "endpoint=\"/v1/people\"", "status=\"200\"") > 0, Ours(text));
        Assert.True(Sum(text, JobDuration + "_count", "process=\"Subscriptions\"", "outcome=\"Succeeded\"") > 0, Ours(text));
        // Ids never become labels: per-person reads are one series.
        Assert.DoesNotContain(org.Sim.Org.OrgId, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_429_from_Webex_counts_as_throttled_even_when_the_retry_then_succeeds()
    {
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?> { ["ProfileEngine:WebexSimulator:Enabled"] = "false" });
        using var http = host.CreateAnonymousClient();
        await using var harness = await WebexTestHarness.StartAsync();
        var before = Sum(await http.GetStringAsync(new Uri("metrics", UriKind.Relative)), WebexThrottled, "endpoint=\"/v1/roles\"");

        await harness.ScriptFaultsAsync(new { pathPrefix = "/v1/roles", method = "GET", kind = "rateLimit", retryAfterSeconds = 7, times = 1 });
        var call = harness.Client.ListRolesAsync();
        harness.Clock.Advance(await harness.Clock.WaitForTimerAsync(due => due != WebexTestHarness.AttemptTimeout));
        Assert.NotEmpty(await call);

        var text = await http.GetStringAsync(new Uri("metrics", UriKind.Relative));
        Assert.True(Sum(text, WebexThrottled, "endpoint=\"/v1/roles\"") > before, Ours(text));
        Assert.True(Sum(text, WebexRequests, "endpoint=\"/v1/roles\"", "status=\"429\"") > 0, Ours(text));
    }

    private static string Ours(string exposition) =>
        string.Join('\n', exposition.Split('\n').Where(line => line.Contains("profileengine_", StringComparison.Ordinal)));

    /// <summary>The sum of the samples of a metric (any suffix-free name match) whose labels contain all of <paramref name="labels"/>.</summary>
    private static double Sum(string exposition, string metric, params string[] labels) =>
        exposition.Split('\n')
            .Where(line => !line.StartsWith('#') && (line.StartsWith(metric + "{", StringComparison.Ordinal) || line.StartsWith(metric + "_total{", StringComparison.Ordinal)))
            .Where(line => labels.All(label => line.Contains(label, StringComparison.Ordinal)))
            .Sum(line => double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));
}
