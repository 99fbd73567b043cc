using System.Globalization;
using Microsoft.AspNetCore.Http;
using ProfileEngine.WebexSimulator.Json;

namespace ProfileEngine.WebexSimulator.OAuth;

/// <summary>Every Webex API call needs a live bearer token (401 otherwise) and counts against its rate limit (429).</summary>
public sealed class BearerTokenMiddleware(RequestDelegate next, SimulatorState state)
{
    public const string InvalidTokenMessage = "The request requires a valid access token set in the Authorization request header.";

    public async Task InvokeAsync(HttpContext context)
    {
        if (!NeedsToken(context.Request.Path))
        {
            await next(context);
            return;
        }

        var token = ReadBearer(context.Request);
        var grant = token is null ? null : state.Tokens.Validate(token);
        if (grant is null)
        {
            await Respond.Error(context, StatusCodes.Status401Unauthorized, InvalidTokenMessage);
            return;
        }

        if (state.Faults.CheckRateLimit(token!, state.Now) is { } retryAfter)
        {
            context.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
            await Respond.Error(context, StatusCodes.Status429TooManyRequests,
                "Too many requests have been sent in a given amount of time and the request has been rate limited.");
            return;
        }

        Access.Attach(context, grant);
        await next(context);
    }

    public static string? ReadBearer(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && header.Length > 7 ? header[7..].Trim() : null;
    }

    private static bool NeedsToken(PathString path) =>
        (path.StartsWithSegments("/v1") && !path.StartsWithSegments("/v1/authorize") && !path.StartsWithSegments("/v1/access_token"))
        || path.StartsWithSegments("/identity");
}
