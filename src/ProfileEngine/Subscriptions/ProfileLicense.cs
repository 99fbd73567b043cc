
namespace ProfileEngine.Subscriptions;

/// <summary>
/// A license of the profile's vendor account as the last download saw it: its identifier (the vendor's license id),
/// name, counters and the software model it maps to (from the catalog, or the admin's mapping of an unrecognized identifier). The people download reads this table to give each subscription its model.
/// </summary>
public sealed class ProfileLicense
{
    public long Id { get; set; }

    public Guid ProfileId { get; set; }

    /// <summary>The vendor's license id: the subscription identifier of every subscription to this license.</summary>
    public required string Identifier { get; set; }

    public string? Name { get; set; }

    /// <summary>The catalog entry that recognized it, or null (unrecognized, or mapped by an admin).</summary>
    public string? CatalogKey { get; set; }

    public Guid? ModelId { get; set; }

    /// <summary>Free or implicit: never a subscription, never a candidate, never priced.</summary>
    public bool IsFree { get; set; }

    public int? TotalUnits { get; set; }

    public int? ConsumedUnits { get; set; }

    public string? VendorSubscriptionId { get; set; }

    public string? SiteUrl { get; set; }

    /// <summary>False once the vendor no longer lists it.</summary>
    public bool Active { get; set; }

    public DateTimeOffset FirstSeenAt { get; set; }

    public DateTimeOffset LastSeenAt { get; set; }
}
