using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;

namespace ProfileEngine.Tests.Support;

/// <summary>
/// A fake clock (time moves only when the test says so) that also reports every timer scheduled on it, so a test
/// can wait until the code under test is waiting (e.g. a retry delay) and then move time by exactly that much.
/// </summary>
public sealed class ObservableClock : TimeProvider
{
    /// <summary>Guards against a hung test; never part of what a test asserts.</summary>
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);

    private readonly FakeTimeProvider _inner;
    private readonly Channel<TimeSpan> _scheduled = Channel.CreateUnbounded<TimeSpan>();

    public ObservableClock(DateTimeOffset start)
    {
        _inner = new FakeTimeProvider(start);
    }

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public override long TimestampFrequency => _inner.TimestampFrequency;

    public override DateTimeOffset GetUtcNow() => _inner.GetUtcNow();

    public override long GetTimestamp() => _inner.GetTimestamp();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ReportingTimer(_inner.CreateTimer(callback, state, dueTime, period), this);
        Report(dueTime);
        return timer;
    }

    public void Advance(TimeSpan delta) => _inner.Advance(delta);

    /// <summary>Waits until a timer whose due time satisfies <paramref name="match"/> is scheduled, and returns that due time.</summary>
    public async Task<TimeSpan> WaitForTimerAsync(Func<TimeSpan, bool> match)
    {
        using var guard = new CancellationTokenSource(HangGuard);
        return await NextAsync(match, guard.Token);
    }

    /// <summary>
    /// Lets <paramref name="work"/> run to the end, moving time forward by each matching timer's due time as soon as
    /// it is scheduled (the way time would pass while the code waits). Returns the waits, in order.
    /// </summary>
    public async Task<IReadOnlyList<TimeSpan>> RunAsync(Task work, Func<TimeSpan, bool> isWait)
    {
        var waits = new List<TimeSpan>();
        using var stop = new CancellationTokenSource();
        var next = NextAsync(isWait, stop.Token);
        while (await Task.WhenAny(work, next) == next)
        {
            var due = await next;
            waits.Add(due);
            Advance(due);
            next = NextAsync(isWait, stop.Token);
        }

        await stop.CancelAsync();
        await work.WaitAsync(HangGuard);
        return waits;
    }

    private async Task<TimeSpan> NextAsync(Func<TimeSpan, bool> match, CancellationToken cancellationToken)
    {
        while (true)
        {
            var due = await _scheduled.Reader.ReadAsync(cancellationToken);
            if (match(due))
            {
                return due;
            }
        }
    }

    private void Report(TimeSpan dueTime)
    {
        if (dueTime != Timeout.InfiniteTimeSpan)
        {
            _scheduled.Writer.TryWrite(dueTime);
        }
    }

    private sealed class ReportingTimer(ITimer inner, ObservableClock clock) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            var changed = inner.Change(dueTime, period);
            clock.Report(dueTime);
            return changed;
        }

        public void Dispose() => inner.Dispose();

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
