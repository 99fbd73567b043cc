using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ProfileEngine.Host;
using ProfileEngine.Tests.Support;

namespace ProfileEngine.Tests.Host;

/// <summary>The host as Program.cs composes it, on real Kestrel over loopback, with the repository's appsettings.json.</summary>
public class HostStartupTests
{
    [Fact]
    public async Task The_default_configuration_serves_health_and_starts_the_embedded_simulator()
    {
        await using var app = await StartHostAsync(new Dictionary<string, string?>
        {
            ["WebexSimulator:Urls"] = "http://127.0.0.1:0",
            ["WebexSimulator:Users"] = "60",
        });
        using var http = new HttpClient { BaseAddress = ServerAddress(app) };

        var health = await http.GetFromJsonAsync<HealthBody>(new Uri("health", UriKind.Relative));

        Assert.Equal("Healthy", health!.Status);
        Assert.NotNull(health.WebexSimulator);
        using var org = await http.GetAsync(new Uri(new Uri(health.WebexSimulator), "_sim/org"));
        Assert.Equal(HttpStatusCode.OK, org.StatusCode);
        Assert.Contains("\"people\"", await org.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_the_simulator_disabled_health_says_so()
    {
        await using var app = await StartHostAsync(new Dictionary<string, string?> { ["WebexSimulator:Enabled"] = "false" });
        using var http = new HttpClient { BaseAddress = ServerAddress(app) };

        var health = await http.GetFromJsonAsync<HealthBody>(new Uri("health", UriKind.Relative));

        Assert.Equal("Healthy", health!.Status);
        Assert.Null(health.WebexSimulator);
    }

    [Fact]
    public async Task A_simulator_address_off_loopback_stops_startup_with_a_clear_message()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => StartHostAsync(new Dictionary<string, string?>
        {
            ["WebexSimulator:Urls"] = "http://0.0.0.0:5090",
        }));

        Assert.Contains("WebexSimulator:Urls must be a loopback", error.Message, StringComparison.Ordinal);
    }

    private static async Task<WebApplication> StartHostAsync(Dictionary<string, string?> overrides)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = RepositoryPaths.RepositoryRoot });
        overrides["Urls"] = "http://127.0.0.1:0";
        builder.Configuration.AddInMemoryCollection(overrides);
        builder.AddProfileEngine();
        var app = builder.Build();
        app.MapProfileEngineApi();
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        return app;
    }

    private static Uri ServerAddress(WebApplication app) =>
        new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/");

    private sealed record HealthBody(string Status, DateTimeOffset CheckedAt, string? WebexSimulator);
}
