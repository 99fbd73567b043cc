using System.Security.Claims;
using System.Text.Encodings.Web;
using Mediator;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using ProfileEngine.Users;

namespace ProfileEngine.Host.Users;

/// <summary>
/// <c>Authorization: Bearer pe_…</c> for the REST API and the CLI. A missing or unknown token is 401, a token
/// without the role 403, both as problem details; the token itself is never logged or echoed.
/// </summary>
public sealed class ApiTokenAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ISender sender)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiToken";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var holder = await sender.Send(new AuthenticateApiToken(header["Bearer ".Length..].Trim()), Context.RequestAborted);
        if (holder is null)
        {
            return AuthenticateResult.Fail("The API token is unknown, revoked or expired.");
        }

        Claim[] claims = [new(ClaimTypes.Name, holder.UserName), .. holder.Roles.Select(role => new Claim(ClaimTypes.Role, role))];
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName, ClaimTypes.Name, ClaimTypes.Role));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer";
        return WriteProblemAsync(StatusCodes.Status401Unauthorized, "Sign-in required",
            "Send a personal API token as 'Authorization: Bearer <token>' (create one on the API tokens page).");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        WriteProblemAsync(StatusCodes.Status403Forbidden, "Not allowed", $"{Context.User.Identity?.Name} does not hold the role this operation needs.");

    private Task WriteProblemAsync(int status, string title, string detail)
    {
        Response.StatusCode = status;
        return Results.Problem(detail, statusCode: status, title: title).ExecuteAsync(Context);
    }
}
