namespace ProfileEngine.Connectors;

/// <summary>
/// A vendor's API refused or failed a call a connector made. The message is already free of secrets and says which
/// call failed and what the vendor answered; the engine shows it as it is (API problem, page error, work note).
/// </summary>
public class VendorCallException : Exception
{
    public VendorCallException(string vendor, string message, string? trackingId = null, string? code = null, Exception? innerException = null)
        : base(message, innerException)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(vendor);
        Vendor = vendor;
        TrackingId = trackingId;
        Code = code;
    }

    /// <summary>Who answered, for titles and messages, e.g. "SCIM application".</summary>
    public string Vendor { get; }

    /// <summary>The vendor's id of the failed request, to quote to its support.</summary>
    public string? TrackingId { get; }

    /// <summary>The vendor's error code or type, when it gave one (e.g. SCIM's invalidFilter).</summary>
    public string? Code { get; }
}
