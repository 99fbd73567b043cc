using Microsoft.AspNetCore.Http;
using ProfileEngine.WebexSimulator.Json;

namespace ProfileEngine.WebexSimulator.OAuth;

/// <summary>Scope and role checks of an endpoint, on the grant the bearer-token middleware attached.</summary>
public static class Access
{
    /// <summary>
    /// What Webex answers when a token lacks a scope or its user lacks a role (quoted from a real 403 of
    /// hydra's /v1/people/me in webex/webex-js-sdk PR #4011). It names neither the scope nor the role.
    /// </summary>
    public const string ForbiddenMessage =
        "The server understood the request, but refused to fulfill it because the access token is missing required scopes or the user is missing required roles or licenses.";

    private const string GrantKey = "webex.grant";

    public static void Attach(HttpContext context, Grant grant) => context.Items[GrantKey] = grant;

    public static Grant GrantOf(HttpContext context) =>
        context.Items[GrantKey] as Grant ?? throw new InvalidOperationException("No bearer token was checked for this request.");

    /// <summary>The 403 answer when the token lacks all of <paramref name="anyOfScopes"/>, else null.</summary>
    public static Task? Deny(HttpContext context, params string[] anyOfScopes)
    {
        var grant = GrantOf(context);
        foreach (var scope in anyOfScopes)
        {
            if (grant.HasScope(scope))
            {
                return null;
            }
        }

        return Respond.Error(context, StatusCodes.Status403Forbidden, ForbiddenMessage);
    }

    /// <summary>The 403 answer when the signed-in admin lacks <paramref name="role"/>, else null.</summary>
    public static Task? DenyWithoutRole(HttpContext context, string role) =>
        GrantOf(context).HasRole(role)
            ? null
            : Respond.Error(context, StatusCodes.Status403Forbidden, ForbiddenMessage);
}
