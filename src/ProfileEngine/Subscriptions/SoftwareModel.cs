
namespace ProfileEngine.Subscriptions;

/// <summary>
/// A software model (ServiceNow's <c>cmdb_software_product_model</c> for SaaS): publisher, product and edition of one
/// license type. Created from the product-definition catalog (<c>ProductCatalog</c>) the first time a profile
/// downloads a license the catalog recognizes; global, so two accounts of one vendor share a model such as "Calling Professional".
/// Free models (free and implicit licenses) are never candidates and never priced.
/// </summary>
public sealed class SoftwareModel
{
    public Guid Id { get; set; }

    /// <summary>The profile type whose connector's catalog created it.</summary>
    public required string ProfileType { get; set; }

    public required string Publisher { get; set; }

    public required string Product { get; set; }

    /// <summary>The edition; for per-site offers (Meetings suite) the site is part of it.</summary>
    public required string Edition { get; set; }

    /// <summary>The catalog entry it came from, or null for a model an admin created.</summary>
    public string? CatalogKey { get; set; }

    /// <summary>The site of a per-site offer (Meetings suite per site), else null.</summary>
    public string? SiteUrl { get; set; }

    public bool IsFree { get; set; }

    /// <summary>List price per license and year, when the catalog or an admin knows it; never set on free models.</summary>
    public decimal? UnitPrice { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public string DisplayName => $"{Publisher} {Product} {Edition}";
}
