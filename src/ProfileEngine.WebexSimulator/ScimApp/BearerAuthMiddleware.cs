using Microsoft.AspNetCore.Http;

namespace ProfileEngine.WebexSimulator.ScimApp;

/// <summary>Every <c>/scim</c> request needs <c>Authorization: Bearer</c> with the static token or a live issued one; else 401.</summary>
public sealed class BearerAuthMiddleware(RequestDelegate next, ScimAppState state)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!context.Request.Path.StartsWithSegments("/scim"))
        {
            await next(context);
            return;
        }

        var token = ReadBearer(context.Request);
        if (token is null || !state.IsValidToken(token))
        {
            await ScimResponses.Error(context, StatusCodes.Status401Unauthorized, null,
                token is null ? "A bearer token is required." : "The bearer token is invalid or expired.");
            return;
        }

        await next(context);
    }

    public static string? ReadBearer(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && header.Length > 7 ? header[7..].Trim() : null;
    }
}
