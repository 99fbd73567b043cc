using ProfileEngine.Connectors.Webex;
using ProfileEngine.Messaging;

namespace ProfileEngine.Host.Api;

/// <summary>
/// Turns what a use case refuses into RFC 7807 answers: a refused request is 400 with the errors by field, a Webex
/// failure is 502 with Webex's (already redacted) explanation. Anything else is left to the server's 500.
/// </summary>
public sealed class RequestProblems : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        try
        {
            return await next(context);
        }
        catch (RequestValidationException refused)
        {
            return Results.ValidationProblem(
                refused.Errors.ToDictionary(),
                detail: refused.Message,
                title: $"{refused.RequestName} was refused");
        }
        catch (WebexApiException webex)
        {
            return Results.Problem(webex.Message, statusCode: StatusCodes.Status502BadGateway, title: "Webex refused or failed the call");
        }
    }
}

/// <summary>Sets who is acting for the request: the signed-in user, or "local-operator" until sign-in exists (issue 7).</summary>
public sealed class OperatorFromUser : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var user = context.HttpContext.User.Identity;
        context.HttpContext.RequestServices.GetRequiredService<CurrentOperator>().Name =
            user is { IsAuthenticated: true, Name: { Length: > 0 } name } ? name : CurrentOperator.LocalOperator;
        return next(context);
    }
}
