using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;

namespace ProfileEngine.Tests.Clustering;

/// <summary>
/// One node's view of the cluster's fake clock: the same time, and a report of every timer the node sets on it. Quartz
/// waits between cluster check-ins on the engine's clock, so on a fake clock a node checks in only when the test
/// moves time, and the test must not move it again before the node has gone back to sleep: it waits for that timer.
/// </summary>
public sealed class NodeClock(FakeTimeProvider shared) : TimeProvider
{
    /// <summary>Guards against a hung test; never part of what a test asserts.</summary>
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);

    private readonly Channel<TimeSpan> _timers = Channel.CreateUnbounded<TimeSpan>();

    public override TimeZoneInfo LocalTimeZone => shared.LocalTimeZone;

    public override long TimestampFrequency => shared.TimestampFrequency;

    public override DateTimeOffset GetUtcNow() => shared.GetUtcNow();

    public override long GetTimestamp() => shared.GetTimestamp();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = shared.CreateTimer(callback, state, dueTime, period);
        _timers.Writer.TryWrite(dueTime);
        return timer;
    }

    /// <summary>Forgets the timers reported so far.</summary>
    public void Forget()
    {
        while (_timers.Reader.TryRead(out _))
        {
        }
    }

    /// <summary>Waits until the node sets a timer whose due time satisfies <paramref name="match"/>.</summary>
    public async Task TimerAsync(Func<TimeSpan, bool> match)
    {
        using var guard = new CancellationTokenSource(HangGuard);
        while (!match(await _timers.Reader.ReadAsync(guard.Token)))
        {
        }
    }
}
