using System.Diagnostics.Metrics;
using ProfileEngine.Observability;

namespace ProfileEngine.Connectors.Webex.Observability;

/// <summary>The Webex connector's instruments, on the engine's meter (<c>/metrics</c>: <c>profileengine_webex_requests</c>).</summary>
public static class WebexMetrics
{
    private static readonly Meter Meter = new(EngineMetrics.MeterName);

    /// <summary>Every HTTP answer Webex gave (each attempt, retries included), by endpoint template and status code.</summary>
    public static readonly Counter<long> Requests = Meter.CreateCounter<long>(
        "webex.requests", null, "Webex API answers by endpoint template and status code");

    /// <summary>The 429 Too Many Requests answers among them, by endpoint template.</summary>
    public static readonly Counter<long> Throttled = Meter.CreateCounter<long>(
        "webex.throttled", null, "Webex API answers 429 Too Many Requests");

    public static void RecordAnswer(string absolutePath, int statusCode)
    {
        var endpoint = new KeyValuePair<string, object?>("endpoint", EngineMetrics.EndpointTemplate(absolutePath));
        Requests.Add(1, endpoint, new KeyValuePair<string, object?>("status", statusCode));
        if (statusCode == 429)
        {
            Throttled.Add(1, endpoint);
        }
    }
}
