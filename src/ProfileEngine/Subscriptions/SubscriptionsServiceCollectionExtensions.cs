using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ProfileEngine.Workflows.Hosting;

namespace ProfileEngine.Subscriptions;

/// <summary>Settings of the subscriptions feature (configuration section <c>Subscriptions</c>).</summary>
public sealed class SubscriptionsOptions
{
    public const string Section = "Subscriptions";

    /// <summary>The product-definition catalog; default: the one shipped with the engine.</summary>
    public string? CatalogFile { get; set; }
}

/// <summary>
/// The catalog, read and checked once on first use: a bad file fails the download that needs it with a message naming
/// the file and the entry, and never stops the host.
/// </summary>
public sealed class ProductCatalogSource(IOptions<SubscriptionsOptions> options)
{
    private readonly Lazy<ProductCatalog> _catalog = new(() => ProductCatalog.Load(options.Value.CatalogFile ?? ProductCatalog.DefaultPath));

    public ProductCatalog Catalog => _catalog.Value;
}

/// <summary>
/// Runs in the transaction that deactivates subscriptions (a pair gone from the vendor). The reclamation feature
/// implements it to close the open removal candidates of those subscriptions: Closed Complete when the candidate was
/// awaiting revocation, otherwise Closed Skipped. No removal-candidate entity exists yet, so nothing implements it today.
/// </summary>
public interface ISubscriptionDeactivationHook
{
    Task OnDeactivatedAsync(Microsoft.EntityFrameworkCore.DbContext db, Guid profileId, IReadOnlyList<long> subscriptionIds, DateTimeOffset at, CancellationToken cancellationToken);
}

public static class SubscriptionsServiceCollectionExtensions
{
    /// <summary>The catalog and the Webex download activities (<c>ProfileEngine.Webex.DownloadLicenses</c>, <c>…DownloadSubscriptions</c>).</summary>
    public static IServiceCollection AddProfileEngineSubscriptions(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<SubscriptionsOptions>().Bind(configuration.GetSection(SubscriptionsOptions.Section));
        services.AddSingleton<ProductCatalogSource>();
        services.AddWorkflowActivity<DownloadLicenses>()
            .AddWorkflowActivity<DownloadSubscriptions>();
        return services;
    }
}
