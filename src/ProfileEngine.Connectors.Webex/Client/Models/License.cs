namespace ProfileEngine.Connectors.Webex.Models;

/// <summary>A license of the org (<c>GET /v1/licenses</c>). Counters may be null or absent on free licenses.</summary>
public sealed record License
{
    public required string Id { get; init; }
    public string? Name { get; init; }
    public int? TotalUnits { get; init; }
    public int? ConsumedUnits { get; init; }
    public int? ConsumedByUsers { get; init; }
    public int? ConsumedByWorkspaces { get; init; }

    /// <summary>Absent on free and implicit licenses.</summary>
    public string? SubscriptionId { get; init; }

    public string? SiteUrl { get; init; }
    public string? SiteType { get; init; }
}
