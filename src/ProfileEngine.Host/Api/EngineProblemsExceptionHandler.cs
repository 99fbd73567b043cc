using Microsoft.AspNetCore.Diagnostics;
using ProfileEngine.Host.Users;
using ProfileEngine.Notifications;

namespace ProfileEngine.Host.Api;

/// <summary>
/// The REST API's answer to an exception, as RFC 7807 problem details: the engine's refusals as
/// <see cref="EngineProblems"/> describes them, anything else a 500 that only says where to look (the server's log, by
/// trace id), so no internals or secrets leave the server. Endpoints therefore only send their request and return the
/// result. Web UI pages and the holder's answer page are HTML and never get here (see <see cref="IsApi"/>).
/// </summary>
public sealed partial class EngineProblemsExceptionHandler(ILogger<EngineProblemsExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        ArgumentNullException.ThrowIfNull(exception);
        var problem = EngineProblems.Describe(exception);
        IResult result;
        if (problem is not null)
        {
            result = problem.ToApiResult();
        }
        else
        {
            // The same id as the answer's traceId (problem details take the request's activity first).
            var traceId = System.Diagnostics.Activity.Current?.Id ?? httpContext.TraceIdentifier;
            LogUnexpected(logger, exception, httpContext.Request.Method, httpContext.Request.Path.Value ?? "", traceId);
            result = Results.Problem(
                $"The server could not complete the request; its log has the details under trace id {traceId}.",
                statusCode: StatusCodes.Status500InternalServerError,
                title: "Unexpected error");
        }

        await result.ExecuteAsync(httpContext);
        return true;
    }

    /// <summary>The API's paths: all but the web UI's and the holder's answer page.</summary>
    public static bool IsApi(PathString path) =>
        !SignInExtensions.IsUi(path) && !path.StartsWithSegments(HolderNoticeLinks.AnswerPath.TrimEnd('/'), StringComparison.OrdinalIgnoreCase);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Method} {Path} failed unexpectedly (trace id {TraceId}).")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, string method, string path, string traceId);
}
