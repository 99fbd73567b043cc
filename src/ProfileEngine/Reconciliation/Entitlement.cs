using Microsoft.EntityFrameworkCore;
using ProfileEngine.Audit;
using ProfileEngine.Subscriptions;

namespace ProfileEngine.Reconciliation;

public enum EntitlementTerm
{
    Annual,
    Monthly,
}

/// <summary>
/// Rights owned for a software model (ServiceNow's <c>alm_license</c>): how many, at what unit price per term, in which
/// currency, and optionally for which period. Subscriptions are what is used; entitlements are what is owned.
/// </summary>
public sealed class Entitlement : IAudited
{
    public Guid Id { get; set; }

    public Guid ModelId { get; set; }

    public required string Name { get; set; }

    public int RightsOwned { get; set; }

    /// <summary>Price of one right for one <see cref="Term"/>.</summary>
    public decimal UnitPrice { get; set; }

    /// <summary>ISO 4217 code, e.g. USD.</summary>
    public required string Currency { get; set; }

    public EntitlementTerm Term { get; set; }

    public DateTimeOffset? StartsAt { get; set; }

    public DateTimeOffset? EndsAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public int Version { get; set; }

    /// <summary>The price of one right for a year.</summary>
    public decimal AnnualUnitPrice => Term == EntitlementTerm.Monthly ? UnitPrice * 12 : UnitPrice;

    public bool IsInForceAt(DateTimeOffset at) => (StartsAt is null || StartsAt <= at) && (EndsAt is null || EndsAt > at);
}
