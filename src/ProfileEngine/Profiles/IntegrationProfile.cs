using ProfileEngine.Audit;
using ProfileEngine.Connections;

namespace ProfileEngine.Profiles;

public enum ProfileStatus
{
    Draft,
    Published,
}

/// <summary>
/// A direct integration profile (ServiceNow's <c>samp_sw_subscription_profile</c>): which vendor org to read through
/// which connection alias, which processes run, and the subflow each process starts. Saving never publishes;
/// Publish needs a passing Validate Connection of the current configuration and creates the scheduled jobs.
/// </summary>
public sealed class IntegrationProfile : IAudited
{
    public Guid Id { get; set; }

    public required string DisplayName { get; set; }

    /// <summary>The display name upper-cased: names are unique without regard to case.</summary>
    public required string NormalizedDisplayName { get; set; }

    public static string Normalize(string displayName)
    {
        ArgumentNullException.ThrowIfNull(displayName);
        return displayName.Trim().ToUpperInvariant();
    }

    /// <summary>The connector's profile type, chosen when the profile is created (e.g. "SCIM 2.0 application").</summary>
    public required string ProfileType { get; set; }

    public ProfileStatus Status { get; set; }

    /// <summary>Always on; kept as a column so the record reads as ServiceNow's form does.</summary>
    public bool DownloadSubscriptions { get; set; } = true;

    public bool DownloadActivity { get; set; }

    public bool ReclaimSubscriptions { get; set; }

    /// <summary>Where the activity process starts reading; at most 90 days before it was set; when not set, as far back as the vendor serves (at most 90 days), never in the future.</summary>
    public DateTimeOffset? AnalyzeUserActivityFrom { get; set; }

    /// <summary>The connection alias: the parent alias the check boxes choose, or a child alias of it.</summary>
    public Guid ConnectionAliasId { get; set; }

    public ConnectionAlias? ConnectionAlias { get; set; }

    /// <summary>Workflow definition ids (Elsa <c>definitionId</c>) of the three subflows.</summary>
    public required string DownloadSubflow { get; set; }

    public required string ActivitySubflow { get; set; }

    public required string ReclaimSubflow { get; set; }

    /// <summary>The connector's own settings for this profile as a JSON object of strings (<see cref="ConnectorSettings"/>), or null for its defaults.</summary>
    public string? ConnectorSettings { get; set; }

    public DateTimeOffset? ValidatedAt { get; set; }

    public string? ValidatedBy { get; set; }

    public bool? ValidationPassed { get; set; }

    /// <summary>The checks of the last Validate Connection, as JSON (<see cref="ConnectionCheck"/> list).</summary>
    public string? ValidationChecks { get; set; }

    /// <summary>What the last validation validated (<see cref="ProfileFingerprint"/>); Publish compares it to now.</summary>
    public string? ValidationFingerprint { get; set; }

    public DateTimeOffset? PublishedAt { get; set; }

    public string? PublishedBy { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public required string CreatedBy { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Bumped by every change an operator makes; a request carrying an older version is a conflict.</summary>
    public int Version { get; set; }
}
