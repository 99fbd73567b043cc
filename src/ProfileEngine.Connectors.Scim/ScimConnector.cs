using Microsoft.EntityFrameworkCore;
using ProfileEngine.Connections;
using ProfileEngine.Persistence;
using ProfileEngine.Profiles;
using ProfileEngine.Subscriptions;

namespace ProfileEngine.Connectors.Scim;

/// <summary>
/// The SCIM 2.0 connector as the engine sees it: "SCIM 2.0 application" profiles, signing in with a bearer token or
/// OAuth client credentials, their aliases (<c>scim_application*</c>; SCIM has no scopes) and three subflows.
/// </summary>
public static class ScimConnector
{
    public const string Vendor = "SCIM application";
    public const string ProfileType = "SCIM 2.0 application";
    public const string AliasPrefix = "scim_application";

    public static VendorConnector Descriptor { get; } = new(
        Vendor,
        ProfileType,
        new SubflowBindings(ScimSubflows.Download, ScimSubflows.Activity, ScimSubflows.Reclaim),
        [],
        new ConnectorAliases(AliasPrefix, ConnectorScopes.None),
        [ConnectionMethod.BearerToken, ConnectionMethod.ClientCredentials],
        [
            new(ScimSettings.LicenseSource, "Where a user's licenses are: entitlements, roles or groups (group membership).", ScimSettings.Entitlements,
                [ScimSettings.Entitlements, ScimSettings.Roles, ScimSettings.Groups]),
            new(ScimSettings.ActivityAttribute, "The user attribute holding the last sign-in (full path, e.g. urn:…:User:lastLogin), or none: then no activity is known and nobody is proposed.", ScimSettings.None),
            new(ScimSettings.ReclaimMode, "How a license is taken back: remove the entitlement, role or group membership, or deactivate the user (active=false).", ScimSettings.Remove,
                [ScimSettings.Remove, ScimSettings.Deactivate]),
            new(ScimSettings.Publisher, "The publisher of the software models the licenses map to.", "SCIM application"),
            new(ScimSettings.Product, "The product of the software models; each license value is an edition of it.", "SCIM application"),
            new(ScimSettings.FreeLicenses, "Comma-separated license values that cost nothing (never proposed), or none.", ScimSettings.None),
        ]);
}

/// <summary>The default subflows of a SCIM profile (this project's Workflows/*.json).</summary>
public static class ScimSubflows
{
    public const string Download = "scim-application-download-users";
    public const string Activity = "scim-application-update-user-activity";
    public const string Reclaim = "scim-application-reclaim-subscription";
}

/// <summary>The names and values of a SCIM profile's settings (<see cref="ScimConnector.Descriptor"/>).</summary>
public static class ScimSettings
{
    public const string LicenseSource = "licenseSource";
    public const string ActivityAttribute = "activityAttribute";
    public const string ReclaimMode = "reclaimMode";
    public const string Publisher = "publisher";
    public const string Product = "product";
    public const string FreeLicenses = "freeLicenses";

    public const string Entitlements = "entitlements";
    public const string Roles = "roles";
    public const string Groups = "groups";
    public const string Remove = "remove";
    public const string Deactivate = "deactivate";
    public const string None = "none";
}

/// <summary>A profile's settings with the connector's defaults filled in.</summary>
public sealed record ScimProfileSettings(string LicenseSource, string? ActivityAttribute, string ReclaimMode, string Publisher, string Product, IReadOnlySet<string> FreeLicenses)
{
    public static ScimProfileSettings Of(IntegrationProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var all = ConnectorSettings.Effective(ScimConnector.Descriptor, profile.ConnectorSettings);
        var activity = all[ScimSettings.ActivityAttribute];
        var free = all[ScimSettings.FreeLicenses];
        return new(
            all[ScimSettings.LicenseSource],
            activity == ScimSettings.None ? null : activity,
            all[ScimSettings.ReclaimMode],
            all[ScimSettings.Publisher],
            all[ScimSettings.Product],
            free == ScimSettings.None
                ? new HashSet<string>(StringComparer.Ordinal)
                : free.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal));
    }
}

/// <summary>What every SCIM activity of a profile starts from: its download target (alias, type) and its settings.</summary>
public sealed record ScimProfileRun(DownloadTarget Target, ScimProfileSettings Settings)
{
    public static async Task<ScimProfileRun> LoadAsync(IDbContextFactory<ProfileEngineDbContext> dbFactory, Guid profileId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dbFactory);
        await using var read = await dbFactory.CreateDbContextAsync(cancellationToken);
        var target = await DownloadTarget.FindAsync(read, profileId, cancellationToken);
        var profile = await read.IntegrationProfiles.AsNoTracking().SingleAsync(p => p.Id == profileId, cancellationToken);
        return new ScimProfileRun(target, ScimProfileSettings.Of(profile));
    }

    /// <summary>A page size input: 1 to 1000 users per request (the application may answer with fewer).</summary>
    public static int PageSize(int value) =>
        value is >= 1 and <= 1000 ? value : throw new InvalidOperationException($"pageSize must be between 1 and 1000, not {value}.");
}
