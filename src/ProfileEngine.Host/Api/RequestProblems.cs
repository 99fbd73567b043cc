using ProfileEngine.Connectors;
using ProfileEngine.Messaging;
using ProfileEngine.Templates;

namespace ProfileEngine.Host.Api;

/// <summary>
/// Turns what a use case refuses into RFC 7807 answers: a refused request is 400 with the errors by field, an
/// unknown record 404 and a stale version 409 (each naming the field), a vendor failure 502 with the vendor's (already
/// redacted) explanation, a broken template 500 naming the file. Anything else is left to the server's 500.
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
        catch (RequestNotFoundException missing)
        {
            return FieldProblem(StatusCodes.Status404NotFound, $"{missing.RequestName}: not found", missing.Message, missing.Field);
        }
        catch (RequestConflictException stale)
        {
            return FieldProblem(StatusCodes.Status409Conflict, $"{stale.RequestName}: the record changed meanwhile", stale.Message, stale.Field);
        }
        catch (ProfileEngine.Reclamation.IllegalCandidateTransitionException illegal)
        {
            return FieldProblem(StatusCodes.Status409Conflict, "The candidate's state does not allow this", illegal.Message, "Action");
        }
        catch (VendorCallException vendor)
        {
            return Results.Problem(vendor.Message, statusCode: StatusCodes.Status502BadGateway, title: $"{vendor.Vendor} refused or failed the call");
        }
        catch (TemplateException template)
        {
            return Results.Problem(template.Message, statusCode: StatusCodes.Status500InternalServerError, title: "A template failed");
        }
    }

    private static IResult FieldProblem(int status, string title, string detail, string field) =>
        Results.Problem(
            detail,
            statusCode: status,
            title: title,
            extensions: new Dictionary<string, object?> { ["field"] = field, ["errors"] = new Dictionary<string, string[]> { [field] = [detail] } });
}
