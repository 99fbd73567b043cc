namespace ProfileEngine.Connectors.Webex.Observability;

/// <summary>
/// Counts each answer of the Webex HttpClient. It sits inside the resilience handler, so every attempt counts: a
/// 429 that the retry then waits out still shows in <see cref="WebexMetrics.Throttled"/>.
/// </summary>
public sealed class WebexCallMetricsHandler : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var response = await base.SendAsync(request, cancellationToken);
        WebexMetrics.RecordAnswer(request.RequestUri?.AbsolutePath ?? "?", (int)response.StatusCode);
        return response;
    }
}
