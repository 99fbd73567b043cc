using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using ProfileEngine.WebexSimulator.Json;

namespace ProfileEngine.WebexSimulator.Control;

/// <summary><c>GET|PUT /_sim/reports</c>: how long after a session ends it shows in the usage report.</summary>
public static class ReportControlEndpoints
{
    public sealed record ReportSettings(long? UsageDelaySeconds);

    public static void MapReportControl(this IEndpointRouteBuilder app, SimulatorState state)
    {
        app.MapGet("/_sim/reports", context => ControlApi.Run(context, () => WriteSettings(context, state)));
        app.MapPut("/_sim/reports", context => ControlApi.Run(context, async () =>
        {
            var body = await ControlApi.ReadBody<ReportSettings>(context);
            var seconds = body.UsageDelaySeconds ?? throw new SimulatorException(400, "Give usageDelaySeconds (0 or more).");
            if (seconds < 0 || seconds > TimeSpan.MaxValue.TotalSeconds)
            {
                throw new SimulatorException(400, "usageDelaySeconds must be 0 or more.");
            }

            state.SetUsageReportDelay(TimeSpan.FromSeconds(seconds));
            await WriteSettings(context, state);
        }));
    }

    private static Task WriteSettings(HttpContext context, SimulatorState state) => Respond.Json(context, 200, w =>
    {
        w.WriteStartObject();
        w.WriteNumber("usageDelaySeconds", (long)state.UsageReportDelay.TotalSeconds);
        w.WriteEndObject();
    });
}
