namespace ProfileEngine.WebexSimulator.Clock;

/// <summary>
/// The simulator's own clock: it runs with real time from a settable starting point, so a demo ages
/// naturally while tests can jump it forward or back. The host can make it the engine's TimeProvider too
/// (<c>WebexSimulator:ShareClockWithEngine</c>), so moving simulated time moves the engine's.
/// </summary>
public sealed class SimulatorClock(TimeProvider realTime) : TimeProvider
{
    private long offsetTicks;

    public override DateTimeOffset GetUtcNow() =>
        realTime.GetUtcNow().AddTicks(Interlocked.Read(ref offsetTicks));

    public void Set(DateTimeOffset now) =>
        Interlocked.Exchange(ref offsetTicks, (now - realTime.GetUtcNow()).Ticks);

    public void Advance(TimeSpan by) => Interlocked.Add(ref offsetTicks, by.Ticks);
}
