using ProfileEngine.WebexSimulator;
using ProfileEngine.WebexSimulator.Clock;

namespace ProfileEngine.Tests.WebexSimulator;

/// <summary>A <see cref="SimulatorClock"/> passed as <see cref="SimulatorOptions.Clock"/> is shared, and the control API still moves it.</summary>
public sealed class SharedSimulatorClockTests
{
    [Fact]
    public async Task The_control_api_moves_a_shared_simulator_clock_for_its_other_users()
    {
        var shared = new SimulatorClock(TimeProvider.System);
        await using var h = await SimulatorHarness.StartAsync(new SimulatorOptions { Users = 10, Clock = shared });
        var target = new DateTimeOffset(2030, 5, 1, 12, 0, 0, TimeSpan.Zero);

        await h.ControlAsync(HttpMethod.Put, "_sim/clock", new { now = "2030-05-01T12:00:00.000Z" });

        Assert.Same(shared, h.Sim.State.Clock);
        Assert.InRange(shared.GetUtcNow(), target, target.AddSeconds(30));

        h.Sim.State.AdvanceClock(TimeSpan.FromDays(1));
        Assert.InRange(shared.GetUtcNow(), target.AddDays(1), target.AddDays(1).AddSeconds(30));
    }
}
