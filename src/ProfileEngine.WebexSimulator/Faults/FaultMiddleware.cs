using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using ProfileEngine.WebexSimulator.Json;
using ProfileEngine.WebexSimulator.OAuth;

namespace ProfileEngine.WebexSimulator.Faults;

/// <summary>
/// Front of the Webex surface (everything but <c>/_sim</c>): tracking id, request counters, then scripted
/// faults, added latency, dropped connections and error answers before the endpoint runs.
/// </summary>
public sealed class FaultMiddleware(RequestDelegate next, SimulatorState state)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        if (context.Request.Path.StartsWithSegments("/_sim"))
        {
            await next(context);
            return;
        }

        context.Response.Headers[Respond.TrackingHeader] = "ROUTER_" + Guid.NewGuid().ToString().ToUpperInvariant();

        var token = BearerTokenMiddleware.ReadBearer(context.Request) ?? "";
        await state.Requests.RecordAroundAsync(context, path, token, () => state.Now, () => RunAsync(context, path));
    }

    /// <summary>Runs the request through the faults; true when the connection was dropped.</summary>
    private async Task<bool> RunAsync(HttpContext context, string path)
    {
        var scripted = state.Faults.TakeScripted(context.Request.Method, path);
        if (scripted is not null)
        {
            return await ApplyScriptedAsync(context, scripted);
        }

        var settings = state.Faults.Settings;
        if (settings.LatencyMs > 0)
        {
            await Task.Delay(settings.LatencyMs, context.RequestAborted);
        }

        var (drop, status) = state.Faults.Roll();
        if (drop)
        {
            context.Abort();
            return true;
        }

        if (status is { } failure)
        {
            await Respond.Error(context, failure, ReasonFor(failure));
            return false;
        }

        await next(context);
        return false;
    }

    private async Task<bool> ApplyScriptedAsync(HttpContext context, ScriptedFault fault)
    {
        switch (fault.Kind)
        {
            case "drop":
                context.Abort();
                return true;
            case "rateLimit":
                context.Response.Headers.RetryAfter = (fault.RetryAfterSeconds ?? 1).ToString(CultureInfo.InvariantCulture);
                await Respond.Error(context, StatusCodes.Status429TooManyRequests,
                    "Too many requests have been sent in a given amount of time and the request has been rate limited.");
                return false;
            case "malformed":
                context.Response.StatusCode = StatusCodes.Status200OK;
                context.Response.ContentType = Respond.JsonContentType;
                await context.Response.WriteAsync("{\"items\":[{\"id\":\"Y2lzY29zcGFyazovL3VzL1BFT1BMRS8\",,}", Encoding.UTF8);
                return false;
            case "truncated":
                await WriteTruncatedAsync(context);
                return false;
            default:
                var status = fault.Status ?? StatusCodes.Status503ServiceUnavailable;
                if (fault.RetryAfterSeconds is { } retryAfter)
                {
                    context.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
                }

                await Respond.Error(context, status, ReasonFor(status));
                return false;
        }
    }

    // Runs the endpoint into a buffer, announces the full length, sends half and cuts the connection.
    private async Task WriteTruncatedAsync(HttpContext context)
    {
        var original = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await next(context);
        }
        finally
        {
            context.Response.Body = original;
        }

        var bytes = buffer.ToArray();
        context.Response.ContentLength = bytes.Length;
        await original.WriteAsync(bytes.AsMemory(0, bytes.Length / 2), context.RequestAborted);
        await original.FlushAsync(context.RequestAborted);
        context.Abort();
    }

    private static string ReasonFor(int status) => status switch
    {
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        429 => "Too Many Requests",
        _ => "Simulated failure",
    };
}
