using Microsoft.Extensions.DependencyInjection;
using ProfileEngine.Connections;
using ProfileEngine.Connectors.Scim.Connections;
using ProfileEngine.Connectors.Scim.Notifications;
using ProfileEngine.Connectors.Scim.Reclamation;
using ProfileEngine.Connectors.Scim.Subscriptions;
using ProfileEngine.Connectors.Scim.UserActivity;
using ProfileEngine.Workflows.Hosting;

namespace ProfileEngine.Connectors.Scim;

public static class ScimConnectorServiceCollectionExtensions
{
    public const string HttpClientName = "ProfileEngine.Scim";

    /// <summary>
    /// The SCIM 2.0 connector, plugged into the engine's ports: its HttpClient (behind the vendor host guard), sign-in
    /// with a bearer token or client credentials, Validate Connection's checks, and the activities of its three subflows.
    /// </summary>
    public static IServiceCollection AddScimConnector(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton(ScimConnector.Descriptor);
        services.AddHttpClient(HttpClientName, http => http.Timeout = TimeSpan.FromSeconds(100)).AddHttpMessageHandler<VendorHostGuard>();
        services.AddSingleton<ScimTokenBuyer>();
        services.AddSingleton<ConnectedScimClients>();
        services.AddKeyedSingleton<IConnectorSignIn, ScimSignIn>(ScimConnector.ProfileType);
        services.AddKeyedSingleton<IConnectionChecks, ScimConnectionChecks>(ScimConnector.ProfileType);
        services.AddKeyedSingleton<IHolderNoticeChannel, NoHolderNotices>(ScimConnector.ProfileType);
        services.AddWorkflowActivity<DownloadScimUsers>()
            .AddWorkflowActivity<UpdateScimActivity>()
            .AddWorkflowActivity<RecheckScimBeforeReclaim>()
            .AddWorkflowActivity<RemoveScimLicense>();
        return services;
    }
}
