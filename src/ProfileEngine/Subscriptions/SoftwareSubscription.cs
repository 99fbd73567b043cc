
namespace ProfileEngine.Subscriptions;

/// <summary>
/// One paid license held by one person (ServiceNow's <c>samp_sw_subscription</c>), unique by profile, external user id
/// and identifier. Written in bulk by the Download Subscriptions subflow; <see cref="LastActivity"/> belongs to the
/// Update User Activity subflow and only ever moves forward.
/// </summary>
public sealed class SoftwareSubscription
{
    public long Id { get; set; }

    public Guid ProfileId { get; set; }

    /// <summary>The vendor's id of the person.</summary>
    public required string ExternalUserId { get; set; }

    /// <summary>The person's primary email.</summary>
    public string? UserPrincipalName { get; set; }

    public string? DisplayName { get; set; }

    /// <summary>The subscription identifier: the vendor's license id.</summary>
    public required string Identifier { get; set; }

    /// <summary>Null while the identifier is unrecognized.</summary>
    public Guid? ModelId { get; set; }

    /// <summary>When the vendor created the account: a new account without activity is no reclamation candidate.</summary>
    public DateTimeOffset? ExternalCreated { get; set; }

    /// <summary>The last meaningful activity; only ever moves forward. Set by the activity subflow, never by the download.</summary>
    public DateTimeOffset? LastActivity { get; set; }

    // User metadata (seed 000): filterable.
    public bool? InvitePending { get; set; }

    public bool? LoginEnabled { get; set; }

    /// <summary>The person's role ids, comma-separated with a leading and trailing comma (",a,b,") so one role matches with LIKE.</summary>
    public string? Roles { get; set; }

    public string? TimeZone { get; set; }

    /// <summary>person, bot or appuser.</summary>
    public string? UserType { get; set; }

    /// <summary>
    /// The presence status when the row last changed (id lookups carry none). Presence churns every few minutes, so a
    /// status-only difference is not written: a re-run with nothing else changed stays a no-op.
    /// </summary>
    public string? UserStatus { get; set; }

    /// <summary>False once the pair is gone from the vendor (see <see cref="DeactivatedAt"/>).</summary>
    public bool Active { get; set; }

    /// <summary>A subscription-identifier or user exclusion rule matches: kept, but never a candidate and never priced.</summary>
    public bool Excluded { get; set; }

    public DateTimeOffset? DeactivatedAt { get; set; }

    /// <summary>When the engine took the license back through the vendor (a Closed Complete removal candidate).</summary>
    public DateTimeOffset? ReclaimedAt { get; set; }

    public DateTimeOffset FirstSeenAt { get; set; }

    /// <summary>When the download last changed the row.</summary>
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>The full download run that last saw the pair; pairs left with an older stamp after a full run are deactivated.</summary>
    public long SyncStamp { get; set; }
}
