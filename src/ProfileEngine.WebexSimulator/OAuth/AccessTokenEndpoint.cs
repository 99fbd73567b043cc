using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using ProfileEngine.WebexSimulator.Json;

namespace ProfileEngine.WebexSimulator.OAuth;

/// <summary><c>POST /v1/access_token</c>, form-encoded: grant types authorization_code and refresh_token.</summary>
public static class AccessTokenEndpoint
{
    public static void MapAccessToken(this IEndpointRouteBuilder app, SimulatorState state) =>
        app.MapPost("/v1/access_token", context => Exchange(context, state));

    private static async Task Exchange(HttpContext context, SimulatorState state)
    {
        if (!context.Request.HasFormContentType)
        {
            await Respond.Error(context, 415, "The body must be application/x-www-form-urlencoded.");
            return;
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var clientId = form["client_id"].ToString();
        if (clientId != state.Info.ClientId || form["client_secret"].ToString() != state.Info.ClientSecret)
        {
            await Respond.Error(context, 401, "Invalid client_id or client_secret.");
            return;
        }

        IssuedToken? issued;
        switch (form["grant_type"].ToString())
        {
            case "authorization_code":
                var grant = state.Tokens.RedeemCode(form["code"].ToString(), clientId, form["redirect_uri"].ToString());
                issued = grant is null ? null : state.Tokens.Issue(grant);
                if (issued is null)
                {
                    await Respond.Error(context, 400, "The authorization code is invalid, expired or already used, or redirect_uri does not match.");
                    return;
                }

                break;
            case "refresh_token":
                issued = state.Tokens.Refresh(form["refresh_token"].ToString());
                if (issued is null)
                {
                    await Respond.Error(context, 400, "The refresh token is invalid or expired.");
                    return;
                }

                break;
            default:
                await Respond.Error(context, 400, "grant_type must be authorization_code or refresh_token.");
                return;
        }

        await Respond.Json(context, 200, w => WriteToken(w, issued));
    }

    public static void WriteToken(System.Text.Json.Utf8JsonWriter writer, IssuedToken token)
    {
        writer.WriteStartObject();
        writer.WriteString("access_token", token.AccessToken);
        writer.WriteNumber("expires_in", token.ExpiresIn);
        writer.WriteString("refresh_token", token.RefreshToken);
        writer.WriteNumber("refresh_token_expires_in", token.RefreshTokenExpiresIn);
        writer.WriteString("token_type", "Bearer");
        writer.WriteEndObject();
    }
}
