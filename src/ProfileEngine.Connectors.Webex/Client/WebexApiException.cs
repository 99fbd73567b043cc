using System.Globalization;
using System.Net;
using System.Text;
using ProfileEngine.Connectors.Webex.Models;

namespace ProfileEngine.Connectors.Webex;

/// <summary>
/// Webex answered a request with an error status. Carries what the vendor said (message, per-item errors with
/// their error codes, tracking id) and which call failed; never the token.
/// </summary>
public class WebexApiException : VendorCallException
{
    public const string VendorName = "Webex";

    public WebexApiException(WebexCallFailure failure, string? context = null, Exception? innerException = null)
        : base(VendorName, Describe(failure, context), failure?.TrackingId, FirstCode(failure), innerException)
    {
        ArgumentNullException.ThrowIfNull(failure);
        Method = failure.Method;
        Path = failure.Path;
        StatusCode = failure.StatusCode;
        VendorMessage = failure.VendorMessage;
        Errors = failure.Errors;
    }

    /// <summary>GET, POST, PUT or PATCH.</summary>
    public string Method { get; }

    /// <summary>The request path without the query, e.g. <c>/v1/people</c>.</summary>
    public string Path { get; }

    public HttpStatusCode? StatusCode { get; }

    /// <summary>The <c>message</c> of the Webex error body.</summary>
    public string? VendorMessage { get; }

    public IReadOnlyList<WebexErrorDetail> Errors { get; } = [];

    public IEnumerable<long> ErrorCodes => Errors.Where(e => e.ErrorCode is not null).Select(e => e.ErrorCode!.Value);

    private static string? FirstCode(WebexCallFailure? failure) =>
        failure?.Errors.FirstOrDefault(e => e.ErrorCode is not null)?.ErrorCode?.ToString(CultureInfo.InvariantCulture);

    private static string Describe(WebexCallFailure failure, string? context)
    {
        ArgumentNullException.ThrowIfNull(failure);
        var text = new StringBuilder();
        if (context is not null)
        {
            text.Append(context).Append(": ");
        }

        text.Append(CultureInfo.InvariantCulture, $"Webex {failure.Method} {failure.Path}");
        if (failure.StatusCode is { } status)
        {
            text.Append(CultureInfo.InvariantCulture, $" answered {(int)status} {status}");
        }

        if (failure.Problem is not null)
        {
            text.Append(failure.StatusCode is null ? ": " : " but ").Append(failure.Problem.TrimEnd('.')).Append('.');
        }

        if (!string.IsNullOrWhiteSpace(failure.VendorMessage))
        {
            text.Append(": ").Append(failure.VendorMessage.TrimEnd('.')).Append('.');
        }

        foreach (var error in failure.Errors)
        {
            var describedAlready = error.Description is null || error.Description == failure.VendorMessage;
            if (describedAlready && error.ErrorCode is null)
            {
                continue;
            }

            text.Append(" Error");
            if (error.ErrorCode is { } code)
            {
                text.Append(CultureInfo.InvariantCulture, $" {code}");
            }

            if (!describedAlready)
            {
                text.Append(": ").Append(error.Description!.TrimEnd('.'));
            }

            text.Append('.');
        }

        if (failure.Hint is not null)
        {
            text.Append(' ').Append(failure.Hint);
        }

        if (failure.TrackingId is not null)
        {
            text.Append(" (trackingId ").Append(failure.TrackingId).Append(')');
        }

        return text.ToString();
    }
}

/// <summary>The facts about a failed Webex call, gathered before the exception is built.</summary>
/// <param name="Problem">What the client found wrong, for answers that are not an error status (e.g. a broken body).</param>
public sealed record WebexCallFailure(
    string Method,
    string Path,
    HttpStatusCode? StatusCode,
    string? VendorMessage,
    IReadOnlyList<WebexErrorDetail> Errors,
    string? TrackingId,
    string? Problem = null,
    string? Hint = null);

/// <summary>Webex answered with a success status but a body the client cannot read (malformed, truncated, wrong shape).</summary>
public sealed class WebexResponseException : WebexApiException
{
    public WebexResponseException(WebexCallFailure failure, Exception? innerException = null)
        : base(failure, "Unreadable Webex response", innerException)
    {
    }
}

/// <summary>
/// The connection's tokens no longer work: the refresh was refused (revoked, expired or invalid refresh token,
/// wrong client secret) or Webex still answered 401 right after a refresh. The connection must be re-authorized.
/// </summary>
public sealed class WebexAuthenticationException : WebexApiException
{
    public WebexAuthenticationException(WebexCallFailure failure, string context)
        : base(failure, context)
    {
    }
}
