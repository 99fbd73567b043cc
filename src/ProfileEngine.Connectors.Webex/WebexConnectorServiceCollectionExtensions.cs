using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ProfileEngine.Connections;
using ProfileEngine.Connectors.Webex.Connections;
using ProfileEngine.Connectors.Webex.Notifications;
using ProfileEngine.Connectors.Webex.Reclamation;
using ProfileEngine.Connectors.Webex.Subscriptions;
using ProfileEngine.Connectors.Webex.UserActivity;
using ProfileEngine.Workflows.Hosting;

namespace ProfileEngine.Connectors.Webex;

public static class WebexConnectorServiceCollectionExtensions
{
    /// <summary>
    /// Everything Webex, plugged into the engine's ports: the client (behind the vendor host guard), Connect's sign-in,
    /// Validate Connection's checks, holder notices as Webex messages, the product catalog and the activities of the
    /// three Webex subflows.
    /// </summary>
    public static IServiceCollection AddWebexConnector(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddSingleton(WebexConnector.Descriptor);
        services.AddWebexClient().AddHttpMessageHandler<VendorHostGuard>();
        services.AddSingleton<ConnectedWebexClients>();
        services.AddKeyedSingleton<IConnectorSignIn, WebexSignIn>(WebexConnector.ProfileType);
        services.AddKeyedSingleton<IConnectionChecks, WebexConnectionChecks>(WebexConnector.ProfileType);
        services.AddKeyedSingleton<IHolderNoticeChannel, WebexMessageNotices>(WebexConnector.ProfileType);
        services.AddOptions<WebexConnectorOptions>().Bind(configuration.GetSection(WebexConnectorOptions.Section));
        services.AddSingleton<ProductCatalogSource>();
        services.AddWorkflowActivity<DownloadLicenses>()
            .AddWorkflowActivity<DownloadSubscriptions>()
            .AddWorkflowActivity<UpdateUserActivity>()
            .AddWorkflowActivity<RecheckBeforeReclaim>()
            .AddWorkflowActivity<RemoveLicense>();
        return services;
    }
}
