using System.Diagnostics.Metrics;
using ProfileEngine.Scheduling;

namespace ProfileEngine.Observability;

/// <summary>
/// The engine's own instruments (System.Diagnostics.Metrics, so any exporter can read them; the host serves them
/// at <c>/metrics</c>). Labels carry templates and codes only, never an id, an address's query or a secret.
/// </summary>
public static class EngineMetrics
{
    /// <summary>Prometheus exporters put it in front of each instrument's name: <c>profileengine_webex_requests</c>.</summary>
    public const string MeterName = "ProfileEngine";

    private static readonly Meter Meter = new(MeterName);

    /// <summary>How long a scheduled profile job ran, by process (Subscriptions, Activity) and outcome.</summary>
    public static readonly Histogram<double> ScheduledJobDuration = Meter.CreateHistogram<double>(
        "scheduled_job.duration", "s", "Duration of scheduled profile job runs");

    /// <summary>Every HTTP answer Webex gave (each attempt, retries included), by endpoint template and status code.</summary>
    public static readonly Counter<long> WebexRequests = Meter.CreateCounter<long>(
        "webex.requests", null, "Webex API answers by endpoint template and status code");

    /// <summary>The 429 Too Many Requests answers among them, by endpoint template.</summary>
    public static readonly Counter<long> WebexThrottled = Meter.CreateCounter<long>(
        "webex.throttled", null, "Webex API answers 429 Too Many Requests");

    public static void RecordJob(ProfileProcess process, JobOutcome outcome, TimeSpan elapsed) =>
        ScheduledJobDuration.Record(
            elapsed.TotalSeconds,
            new KeyValuePair<string, object?>("process", process.ToString()),
            new KeyValuePair<string, object?>("outcome", outcome.ToString()));

    public static void RecordWebexAnswer(string absolutePath, int statusCode)
    {
        var endpoint = new KeyValuePair<string, object?>("endpoint", EndpointTemplate(absolutePath));
        WebexRequests.Add(1, endpoint, new KeyValuePair<string, object?>("status", statusCode));
        if (statusCode == 429)
        {
            WebexThrottled.Add(1, endpoint);
        }
    }

    /// <summary>
    /// <c>/v1/people/Y2lzY29...</c> becomes <c>/v1/people/{id}</c>: a segment that is a GUID, or longer than any
    /// resource name, is an id. Keeps the label set small whatever the org's size.
    /// </summary>
    public static string EndpointTemplate(string absolutePath)
    {
        ArgumentNullException.ThrowIfNull(absolutePath);
        const int LongestResourceName = 32;
        var segments = absolutePath.Split('/');
        for (var i = 0; i < segments.Length; i++)
        {
            var segment = segments[i];
            if (segment.Length > LongestResourceName || Guid.TryParse(segment, out _) || segment.Any(c => c is '%' or '=' or '@'))
            {
                segments[i] = "{id}";
            }
        }

        return string.Join('/', segments);
    }
}
