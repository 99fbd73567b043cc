using Microsoft.AspNetCore.Http;
using ProfileEngine.WebexSimulator.Json;

namespace ProfileEngine.WebexSimulator.Routing;

/// <summary>
/// Under <c>/v1/</c> and <c>/identity/</c>, a path no endpoint maps (404) or a method the path does not take (405,
/// with routing's <c>Allow</c> header) answers with Webex's JSON error body instead of routing's empty response.
/// </summary>
public sealed class UnmappedRequestMiddleware(RequestDelegate next)
{
    public const string NotFoundMessage = "The requested resource could not be found.";
    public const string MethodNotAllowedMessage = "The requested method is not supported for this resource.";

    public async Task InvokeAsync(HttpContext context)
    {
        await next(context);
        var path = context.Request.Path;
        if (context.Response.HasStarted || !(path.StartsWithSegments("/v1") || path.StartsWithSegments("/identity")))
        {
            return;
        }

        var status = context.Response.StatusCode;
        if (status == StatusCodes.Status404NotFound)
        {
            await Respond.Error(context, status, NotFoundMessage);
        }
        else if (status == StatusCodes.Status405MethodNotAllowed)
        {
            await Respond.Error(context, status, MethodNotAllowedMessage);
        }
    }
}
