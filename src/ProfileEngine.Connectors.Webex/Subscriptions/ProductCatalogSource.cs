using Microsoft.Extensions.Options;

namespace ProfileEngine.Connectors.Webex.Subscriptions;

/// <summary>Settings of the Webex connector (configuration section <c>ProfileEngine:Webex</c>).</summary>
public sealed class WebexConnectorOptions
{
    public const string Section = "ProfileEngine:Webex";

    /// <summary>The product-definition catalog; default: the one shipped with the Webex connector.</summary>
    public string? CatalogFile { get; set; }
}

/// <summary>
/// The catalog, read and checked once on first use: a bad file fails the download that needs it with a message naming
/// the file and the entry, and never stops the host.
/// </summary>
public sealed class ProductCatalogSource(IOptions<WebexConnectorOptions> options)
{
    private readonly Lazy<ProductCatalog> _catalog = new(() => ProductCatalog.Load(options.Value.CatalogFile ?? ProductCatalog.DefaultPath));

    public ProductCatalog Catalog => _catalog.Value;
}
