using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using ProfileEngine.WebexSimulator.Json;

namespace ProfileEngine.WebexSimulator.ScimApp;

/// <summary>
/// <c>POST /oauth/token</c>: the OAuth 2.0 client credentials grant (RFC 6749 §4.4). The client authenticates with
/// <c>client_id</c>/<c>client_secret</c> in the form or with HTTP Basic (§2.3.1); errors are §5.2 bodies.
/// </summary>
public static class TokenEndpoint
{
    public static void MapScimAppToken(this IEndpointRouteBuilder app, ScimAppState state) =>
        app.MapPost("/oauth/token", context => Token(context, state));

    private static async Task Token(HttpContext context, ScimAppState state)
    {
        if (!context.Request.HasFormContentType)
        {
            await OAuthError(context, StatusCodes.Status400BadRequest, "invalid_request", "The body must be application/x-www-form-urlencoded.");
            return;
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var (clientId, clientSecret, usedBasic) = ClientCredentials(context.Request, form);
        if (!string.Equals(clientId, state.Options.ClientId, StringComparison.Ordinal)
            || !string.Equals(clientSecret, state.Options.ClientSecret, StringComparison.Ordinal))
        {
            if (usedBasic)
            {
                context.Response.Headers.WWWAuthenticate = "Basic realm=\"scim\"";
            }

            await OAuthError(context, StatusCodes.Status401Unauthorized, "invalid_client", "Client authentication failed.");
            return;
        }

        if (form["grant_type"].ToString() != "client_credentials")
        {
            await OAuthError(context, StatusCodes.Status400BadRequest, "unsupported_grant_type", "Only grant_type=client_credentials is supported.");
            return;
        }

        context.Response.Headers.CacheControl = "no-store";
        await Respond.Json(context, StatusCodes.Status200OK, w => new JsonObject
        {
            ["access_token"] = state.IssueToken(),
            ["token_type"] = "Bearer",
            ["expires_in"] = (long)state.Options.AccessTokenLifetime.TotalSeconds,
        }.WriteTo(w));
    }

    private static (string? Id, string? Secret, bool UsedBasic) ClientCredentials(HttpRequest request, IFormCollection form)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim()));
                var colon = decoded.IndexOf(':', StringComparison.Ordinal);
                return colon < 0
                    ? (null, null, true)
                    : (Uri.UnescapeDataString(decoded[..colon]), Uri.UnescapeDataString(decoded[(colon + 1)..]), true);
            }
            catch (FormatException)
            {
                return (null, null, true);
            }
        }

        return (form["client_id"].ToString(), form["client_secret"].ToString(), false);
    }

    private static Task OAuthError(HttpContext context, int status, string error, string description) =>
        Respond.Json(context, status, w => new JsonObject { ["error"] = error, ["error_description"] = description }.WriteTo(w));
}
