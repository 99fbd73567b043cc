using System.Globalization;
using Microsoft.AspNetCore.Http;
using ProfileEngine.WebexSimulator.Faults;

namespace ProfileEngine.WebexSimulator.ScimApp;

/// <summary>
/// Front of the app: logs every request in <see cref="ScimAppState.Requests"/> and applies the faults of
/// <see cref="ScimAppState.Faults"/> before the endpoint runs. Scripted kinds: <c>status</c> (with optional
/// Retry-After), <c>rateLimit</c> (429 + Retry-After) and <c>drop</c>; any other kind answers its status (default 503).
/// </summary>
public sealed class ScimFaultMiddleware(RequestDelegate next, ScimAppState state)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var token = BearerAuthMiddleware.ReadBearer(context.Request) ?? "";
        await state.Requests.RecordAroundAsync(context, context.Request.Path.Value ?? "", token, () => state.Now, () => RunAsync(context));
    }

    private async Task<bool> RunAsync(HttpContext context)
    {
        var fault = state.Faults.TakeScripted(context.Request.Method, context.Request.Path.Value ?? "");
        if (fault is null)
        {
            var (drop, status) = state.Faults.Roll();
            if (drop)
            {
                context.Abort();
                return true;
            }

            if (status is { } failure)
            {
                await ScimResponses.Error(context, failure, null, "Simulated failure.");
                return false;
            }

            await next(context);
            return false;
        }

        switch (fault.Kind)
        {
            case "drop":
                context.Abort();
                return true;
            case "rateLimit":
                context.Response.Headers.RetryAfter = (fault.RetryAfterSeconds ?? 1).ToString(CultureInfo.InvariantCulture);
                await ScimResponses.Error(context, StatusCodes.Status429TooManyRequests, null, "Too many requests.");
                return false;
            default:
                if (fault.RetryAfterSeconds is { } retryAfter)
                {
                    context.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
                }

                await ScimResponses.Error(context, fault.Status ?? StatusCodes.Status503ServiceUnavailable, null, "Simulated failure.");
                return false;
        }
    }
}
