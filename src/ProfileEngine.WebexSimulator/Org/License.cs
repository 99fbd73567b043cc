namespace ProfileEngine.WebexSimulator.Org;

/// <summary>One license in the org's catalog. Free licenses have no subscription and null counters.</summary>
public sealed class License
{
    public required int Index { get; init; }
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required int TotalUnits { get; init; }
    public string? SubscriptionId { get; init; }
    public string? SiteUrl { get; init; }
    public string? SiteType { get; init; }

    /// <summary>Assigned by the system to everyone; it cannot be removed (error 700006).</summary>
    public bool Implicit { get; init; }

    public bool Free => SubscriptionId is null;
}

public sealed record Role(string Id, string Name, string ScimValue);
