using System.Net;

namespace ProfileEngine.Connectors.Scim.Client;

/// <summary>
/// A SCIM application refused or failed a call: its status, its <c>scimType</c> (RFC 7644 §3.12) and its
/// <c>detail</c>, never a token.
/// </summary>
public sealed class ScimCallException(HttpStatusCode? status, string method, string path, string detail, string? scimType, Exception? inner = null)
    : VendorCallException(ScimConnector.Vendor, $"The SCIM application answered {(status is null ? "nothing" : ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture))} to {method} {path}: {detail}", null, scimType, inner)
{
    public HttpStatusCode? Status { get; } = status;
}
