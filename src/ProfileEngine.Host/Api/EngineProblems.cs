using ProfileEngine.Connectors;
using ProfileEngine.Messaging;
using ProfileEngine.Reclamation;
using ProfileEngine.Templates;
using ProfileEngine.Workflows.Loading;
using ProfileEngine.Workflows.Runtime;

namespace ProfileEngine.Host.Api;

/// <summary>
/// The one list of what the engine refuses or fails with, and how each is told: the API answers it as RFC 7807
/// problem details (<see cref="EngineProblemsExceptionHandler"/>), a page shows its errors beside the fields
/// (<see cref="Ui.EngineProblemsPageFilter"/>), and the command line prints it (<see cref="CommandLine.VerbRunner"/>).
/// Anything not listed is a fault of the server: a 500 that says nothing about its cause.
/// </summary>
public static class EngineProblems
{
    /// <summary>What <paramref name="exception"/> means to the caller, or null when it is not one of the engine's refusals.</summary>
    public static EngineProblem? Describe(Exception exception) => exception switch
    {
        RequestValidationException refused => new(
            StatusCodes.Status400BadRequest,
            refused.RequestName.Length > 0 ? $"{refused.RequestName} was refused" : "The request was refused",
            refused.Message,
            refused.Errors),
        RequestNotFoundException missing => EngineProblem.OfField(
            StatusCodes.Status404NotFound, $"{missing.RequestName}: not found", missing.Message, missing.Field),
        RequestConflictException stale => EngineProblem.OfField(
            StatusCodes.Status409Conflict, $"{stale.RequestName}: the record changed meanwhile", stale.Message, stale.Field) with
        {
            PageAdvice = "Reload the page and repeat the change.",
        },
        IllegalCandidateTransitionException illegal => EngineProblem.OfField(
            StatusCodes.Status409Conflict, "The candidate's state does not allow this", illegal.Message, "Action"),
        VendorCallException vendor => EngineProblem.About(
            StatusCodes.Status502BadGateway, $"{vendor.Vendor} refused or failed the call", vendor.Message, vendor.Vendor),
        TemplateException template => EngineProblem.About(
            StatusCodes.Status500InternalServerError, "A template failed", template.Message, "Template"),
        WorkflowNotFoundException missing => EngineProblem.About(
            StatusCodes.Status404NotFound, "Not found", missing.Message, "Workflow"),
        WorkflowStateException wrongState => EngineProblem.About(
            StatusCodes.Status409Conflict, "Not possible in the instance's state", wrongState.Message, "Workflow"),

        // A body or parameter the framework could not read (thrown instead of answered in Development).
        BadHttpRequestException unreadable => new(
            unreadable.StatusCode, "The request could not be read", unreadable.Message, new Dictionary<string, string[]>()),
        _ => null,
    };
}

/// <summary>A refusal as the caller sees it; <see cref="Errors"/> says what is wrong where.</summary>
/// <param name="Status">The HTTP status: 400 refused input, 404 unknown record, 409 wrong state or stale version, 5xx a failure.</param>
/// <param name="Title">A short summary that is the same for every refusal of the kind.</param>
/// <param name="Detail">The engine's own message: what exactly is wrong. Never holds a secret.</param>
/// <param name="Errors">
/// The messages by the key a page shows them under: the request's fields, or what failed ("Action", the vendor's name,
/// "Template", "Workflow").
/// </param>
public sealed record EngineProblem(int Status, string Title, string Detail, IReadOnlyDictionary<string, string[]> Errors)
{
    /// <summary>The one request field a 404 or 409 is about; the API names it as the <c>field</c> extension.</summary>
    public string? Field { get; init; }

    /// <summary>What a person on a page should do next, shown after each message there (not in API answers).</summary>
    public string? PageAdvice { get; init; }

    /// <summary>Input refused before anything changed, with the errors of each field (a 400 validation problem).</summary>
    public bool IsRefusedInput => Field is null && Status == StatusCodes.Status400BadRequest && Errors.Count > 0;

    public static EngineProblem OfField(int status, string title, string detail, string field) =>
        new(status, title, detail, new Dictionary<string, string[]>(StringComparer.Ordinal) { [field] = [detail] }) { Field = field };

    public static EngineProblem About(int status, string title, string detail, string key) =>
        new(status, title, detail, new Dictionary<string, string[]>(StringComparer.Ordinal) { [key] = [detail] });

    /// <summary>
    /// The API's answer: a problem about one field names it (<c>field</c>, and <c>errors</c> with that field only); refused
    /// input (400) is a validation problem with every field's errors; anything else is a plain problem.
    /// </summary>
    public IResult ToApiResult()
    {
        if (Field is not null)
        {
            return Results.Problem(Detail, statusCode: Status, title: Title, extensions: new Dictionary<string, object?>
            {
                ["field"] = Field,
                ["errors"] = new Dictionary<string, string[]> { [Field] = [Detail] },
            });
        }

        return IsRefusedInput
            ? Results.ValidationProblem(Errors.ToDictionary(), detail: Detail, title: Title)
            : Results.Problem(Detail, statusCode: Status, title: Title);
    }
}
