using ProfileEngine.Profiles;

namespace ProfileEngine.Connectors;

/// <summary>
/// What the engine knows of a connector: the vendor's name (for messages), the profile type its profiles get, the
/// subflows a new profile is bound to, and the hosts its connections may call when configuration names none.
/// </summary>
public sealed record VendorConnector(string Vendor, string ProfileType, SubflowBindings DefaultSubflows, IReadOnlyList<string> DefaultAllowedHosts);

/// <summary>The connectors the host registered. One runs per engine today: new profiles are of its type.</summary>
public sealed class VendorConnectors(IEnumerable<VendorConnector> connectors)
{
    private readonly IReadOnlyList<VendorConnector> _all = [.. connectors];

    public IReadOnlyList<VendorConnector> All => _all;

    /// <summary>The connector new profiles use.</summary>
    public VendorConnector Default => _all.Count > 0
        ? _all[0]
        : throw new InvalidOperationException("No vendor connector is registered; the host must add one (e.g. AddWebexConnector()).");

    /// <summary>The vendor's name for a profile type, or "the vendor" when no connector claims it.</summary>
    public string VendorOf(string? profileType) =>
        _all.FirstOrDefault(c => string.Equals(c.ProfileType, profileType, StringComparison.Ordinal))?.Vendor ?? "the vendor";
}
