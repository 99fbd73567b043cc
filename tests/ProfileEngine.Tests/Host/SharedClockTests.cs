using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using ProfileEngine.Tests.Support;

namespace ProfileEngine.Tests.Host;

/// <summary>
/// <c>WebexSimulator:ShareClockWithEngine</c>: the engine's TimeProvider and the embedded simulator's clock are one
/// clock, so <c>PUT /_sim/clock</c> moves the engine's time; off (the default) they are independent.
/// </summary>
public class SharedClockTests
{
    private static readonly DateTimeOffset Target = new(2031, 3, 14, 9, 30, 0, TimeSpan.Zero);

    [Fact]
    public async Task With_the_option_on_moving_the_simulator_clock_moves_the_engines_clock()
    {
        await using var host = await StartAsync(share: true);
        using var http = host.CreateClient();
        var simulator = await SimulatorUrlAsync(http);

        using var put = await http.PutAsJsonAsync(new Uri(simulator, "_sim/clock"), new { now = "2031-03-14T09:30:00.000Z" });

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var engineClock = host.App.Services.GetRequiredService<TimeProvider>();
        Assert.InRange(engineClock.GetUtcNow(), Target, Target.AddSeconds(30));
        var health = await http.GetFromJsonAsync<HealthBody>(new Uri("health", UriKind.Relative));
        Assert.InRange(health!.CheckedAt, Target, Target.AddSeconds(30));
    }

    [Fact]
    public async Task By_default_the_engine_keeps_the_system_clock_when_simulated_time_moves()
    {
        await using var host = await StartAsync(share: null);
        using var http = host.CreateClient();
        var simulator = await SimulatorUrlAsync(http);

        using var put = await http.PutAsJsonAsync(new Uri(simulator, "_sim/clock"), new { now = "2031-03-14T09:30:00.000Z" });

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var simulatorNow = await http.GetFromJsonAsync<ClockBody>(new Uri(simulator, "_sim/clock"));
        Assert.InRange(simulatorNow!.Now, Target, Target.AddSeconds(30));
        var engineNow = host.App.Services.GetRequiredService<TimeProvider>().GetUtcNow();
        Assert.InRange(engineNow, TimeProvider.System.GetUtcNow().AddMinutes(-1), TimeProvider.System.GetUtcNow());
    }

    private static Task<TestHost> StartAsync(bool? share)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ProfileEngine:WebexSimulator:Urls"] = "http://127.0.0.1:0",
            ["ProfileEngine:WebexSimulator:Users"] = "60",
        };
        if (share is { } on)
        {
            settings["ProfileEngine:WebexSimulator:ShareClockWithEngine"] = on ? "true" : "false";
        }

        return TestHost.StartAsync(settings);
    }

    private static async Task<Uri> SimulatorUrlAsync(HttpClient http)
    {
        var health = await http.GetFromJsonAsync<HealthBody>(new Uri("health", UriKind.Relative));
        return new Uri(health!.VendorSimulator ?? throw new InvalidOperationException("The embedded simulator did not start."));
    }

    private sealed record HealthBody(string Status, DateTimeOffset CheckedAt, string? VendorSimulator);

    private sealed record ClockBody(DateTimeOffset Now);
}
