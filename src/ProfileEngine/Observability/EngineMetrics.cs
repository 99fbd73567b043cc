using System.Diagnostics.Metrics;
using ProfileEngine.Scheduling;

namespace ProfileEngine.Observability;

/// <summary>
/// The engine's own instruments (System.Diagnostics.Metrics, so any exporter can read them; the host serves them
/// at <c>/metrics</c>). Labels carry templates and codes only, never an id, an address's query or a secret.
/// </summary>
public static class EngineMetrics
{
    /// <summary>
    /// Prometheus exporters put it in front of each instrument's name: <c>profileengine_scheduled_job_duration</c>.
    /// Connectors create their instruments on a meter of this name too.
    /// </summary>
    public const string MeterName = "ProfileEngine";

    private static readonly Meter Meter = new(MeterName);

    /// <summary>How long a scheduled profile job ran, by process (Subscriptions, Activity) and outcome.</summary>
    public static readonly Histogram<double> ScheduledJobDuration = Meter.CreateHistogram<double>(
        "scheduled_job.duration", "s", "Duration of scheduled profile job runs");

    public static void RecordJob(ProfileProcess process, JobOutcome outcome, TimeSpan elapsed) =>
        ScheduledJobDuration.Record(
            elapsed.TotalSeconds,
            new KeyValuePair<string, object?>("process", process.ToString()),
            new KeyValuePair<string, object?>("outcome", outcome.ToString()));

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
