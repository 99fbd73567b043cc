using System.Net;
using System.Net.Http.Json;
using ProfileEngine.Tests.Support;

namespace ProfileEngine.Tests.Host;

/// <summary>The host as Program.cs composes it, on real Kestrel over loopback, with the repository's appsettings.json.</summary>
public class HostStartupTests
{
    [Fact]
    public async Task The_default_configuration_serves_health_and_starts_the_embedded_simulator()
    {
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?>
        {
            ["ProfileEngine:WebexSimulator:Urls"] = "http://127.0.0.1:0",
            ["ProfileEngine:WebexSimulator:Users"] = "60",
        });
        using var http = host.CreateClient();

        var health = await http.GetFromJsonAsync<HealthBody>(new Uri("health", UriKind.Relative));

        Assert.Equal("Healthy", health!.Status);
        Assert.NotNull(health.VendorSimulator);
        using var org = await http.GetAsync(new Uri(new Uri(health.VendorSimulator), "_sim/org"));
        Assert.Equal(HttpStatusCode.OK, org.StatusCode);
        Assert.Contains("\"people\"", await org.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_the_simulator_disabled_health_says_so()
    {
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?> { ["ProfileEngine:WebexSimulator:Enabled"] = "false" });
        using var http = host.CreateClient();

        var health = await http.GetFromJsonAsync<HealthBody>(new Uri("health", UriKind.Relative));

        Assert.Equal("Healthy", health!.Status);
        Assert.Null(health.VendorSimulator);
    }

    [Fact]
    public async Task A_simulator_address_off_loopback_stops_startup_with_a_clear_message()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => TestHost.StartAsync(new Dictionary<string, string?>
        {
            ["ProfileEngine:WebexSimulator:Urls"] = "http://0.0.0.0:5090",
        }));

        Assert.Contains("ProfileEngine:WebexSimulator:Urls must be a loopback", error.Message, StringComparison.Ordinal);
    }

    private sealed record HealthBody(string Status, DateTimeOffset CheckedAt, string? VendorSimulator);
}
