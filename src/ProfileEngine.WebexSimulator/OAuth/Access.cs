using Microsoft.AspNetCore.Http;
using ProfileEngine.WebexSimulator.Json;

namespace ProfileEngine.WebexSimulator.OAuth;

/// <summary>Scope and role checks of an endpoint, on the grant the bearer-token middleware attached.</summary>
public static class Access
{
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

        var needed = string.Join(" or ", anyOfScopes);
        return Respond.Error(context, StatusCodes.Status403Forbidden,
            $"The access token does not have the required scope: {needed}.");
    }

    /// <summary>The 403 answer when the signed-in admin lacks <paramref name="role"/>, else null.</summary>
    public static Task? DenyWithoutRole(HttpContext context, string role) =>
        GrantOf(context).HasRole(role)
            ? null
            : Respond.Error(context, StatusCodes.Status403Forbidden, $"The authenticated user must have the {role} role to access this resource.");
}
