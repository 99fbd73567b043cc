using Microsoft.Extensions.DependencyInjection;
using ProfileEngine.Connections;
using ProfileEngine.Profiles;

namespace ProfileEngine.Connectors;

/// <summary>
/// What the engine knows of a connector: the vendor's name (for messages), the profile type its profiles get, the
/// subflows a new profile is bound to, the hosts its connections may call when configuration names none, its parent
/// connection aliases and how its connections sign in. Its ports (<see cref="IConnectorSignIn"/>,
/// <see cref="IConnectionChecks"/>, <see cref="IHolderNoticeChannel"/>) are registered keyed by <see cref="ProfileType"/>.
/// </summary>
public sealed record VendorConnector(
    string Vendor,
    string ProfileType,
    SubflowBindings DefaultSubflows,
    IReadOnlyList<string> DefaultAllowedHosts,
    ConnectorAliases Aliases,
    IReadOnlyList<ConnectionMethod> ConnectionMethods,
    IReadOnlyList<ConnectorSetting> Settings)
{
    public bool Accepts(ConnectionMethod method) => ConnectionMethods.Contains(method);

    public ConnectorSetting? Setting(string name) => Settings.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.Ordinal));
}

/// <summary>A setting a profile of this connector may give (e.g. where a SCIM application keeps its licenses).</summary>
/// <param name="AllowedValues">Null: any non-blank text.</param>
public sealed record ConnectorSetting(string Name, string Description, string Default, IReadOnlyList<string>? AllowedValues = null);

/// <summary>
/// The connectors the host registered, and their ports. New profiles take <see cref="Default"/> unless they name a
/// profile type; everything else is chosen by the profile's type or the alias's parent.
/// </summary>
public sealed class VendorConnectors(IEnumerable<VendorConnector> connectors, IServiceProvider services)
{
    private readonly IReadOnlyList<VendorConnector> _all = [.. connectors];

    public IReadOnlyList<VendorConnector> All => _all;

    /// <summary>The connector new profiles use when they name no profile type: the first one registered.</summary>
    public VendorConnector Default => _all.Count > 0
        ? _all[0]
        : throw new InvalidOperationException("No vendor connector is registered; the host must add one (e.g. AddScimConnector()).");

    public VendorConnector? Find(string? profileType) =>
        _all.FirstOrDefault(c => string.Equals(c.ProfileType, profileType, StringComparison.Ordinal));

    /// <summary>The connector of a profile type; a type no registered connector claims is a configuration error.</summary>
    public VendorConnector For(string profileType) => Find(profileType)
        ?? throw new InvalidOperationException(
            $"No registered connector handles the profile type '{profileType}'. Registered: {string.Join(", ", _all.Select(c => $"'{c.ProfileType}'"))}.");

    /// <summary>The connector whose parent aliases include the alias (or the alias's parent), or null.</summary>
    public VendorConnector? OwnerOf(ConnectionAlias alias)
    {
        ArgumentNullException.ThrowIfNull(alias);
        return OwnerOfParent(alias.ParentAlias?.Name ?? alias.Name);
    }

    /// <summary>The connector that has a parent alias of this name, or null.</summary>
    public VendorConnector? OwnerOfParent(string parentAliasName) =>
        _all.FirstOrDefault(c => c.Aliases.ParentNames.Contains(parentAliasName, StringComparer.Ordinal));

    public VendorConnector OwnerOfRequired(ConnectionAlias alias) => OwnerOf(alias)
        ?? throw new InvalidOperationException($"No registered connector owns the connection alias '{alias.Name}' (parent '{alias.ParentAlias?.Name ?? alias.Name}').");

    /// <summary>The vendor's name for a profile type, or "the vendor" when no connector claims it.</summary>
    public string VendorOf(string? profileType) => Find(profileType)?.Vendor ?? "the vendor";

    public IConnectorSignIn SignInOf(VendorConnector connector) => Port<IConnectorSignIn>(connector);

    public IConnectionChecks ChecksOf(VendorConnector connector) => Port<IConnectionChecks>(connector);

    public IHolderNoticeChannel NoticesOf(VendorConnector connector) => Port<IHolderNoticeChannel>(connector);

    private T Port<T>(VendorConnector connector)
        where T : notnull
    {
        ArgumentNullException.ThrowIfNull(connector);
        return services.GetKeyedService<T>(connector.ProfileType)
            ?? throw new InvalidOperationException($"The connector '{connector.ProfileType}' registered no {typeof(T).Name}.");
    }
}
