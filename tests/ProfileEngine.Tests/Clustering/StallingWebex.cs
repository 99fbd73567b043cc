namespace ProfileEngine.Tests.Clustering;

/// <summary>
/// A node's Webex HTTP calls that freeze at a chosen request, as a process does when it dies there: the matching
/// request (before it is sent, or after the vendor answered it) never returns while the test looks. <see cref="Reached"/>
/// completes when it froze; <see cref="Release"/> (at the end of a test) cancels the frozen call so the node's
/// threads can end.
/// </summary>
public sealed class StallingWebex : DelegatingHandler
{
    private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Func<HttpRequestMessage, bool> _stallBefore = _ => false;
    private Func<HttpRequestMessage, bool> _stallAfter = _ => false;
    private int _stalled;

    public Task Reached => _reached.Task;

    /// <summary>Freezes the first request for which <paramref name="match"/> is true, before it reaches the vendor.</summary>
    public void StallBefore(Func<HttpRequestMessage, bool> match) => _stallBefore = match;

    /// <summary>Freezes the first request for which <paramref name="match"/> is true, after the vendor acted on it.</summary>
    public void StallAfter(Func<HttpRequestMessage, bool> match) => _stallAfter = match;

    /// <summary>Ends the frozen call as a cancellation, which the resilience pipeline does not retry.</summary>
    public void Release() => _released.TrySetCanceled();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (_stallBefore(request) && Interlocked.Exchange(ref _stalled, 1) == 0)
        {
            await FreezeAsync(cancellationToken);
        }

        var response = await base.SendAsync(request, cancellationToken);
        if (_stallAfter(request) && Interlocked.Exchange(ref _stalled, 1) == 0)
        {
            response.Dispose();
            await FreezeAsync(cancellationToken);
        }

        return response;
    }

    private async Task FreezeAsync(CancellationToken cancellationToken)
    {
        _reached.TrySetResult();
        await _released.Task.WaitAsync(cancellationToken);
    }
}
