using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ProfileEngine.Connections;
using ProfileEngine.Messaging;
using ProfileEngine.Persistence;
using ProfileEngine.Profiles;
using ProfileEngine.Reclamation;
using ProfileEngine.Reconciliation;
using ProfileEngine.Scheduling;
using ProfileEngine.Users;
using ProfileEngine.Workflows.Hosting;

namespace ProfileEngine;

public static class ProfileEngineServiceCollectionExtensions
{
    /// <summary>The configuration section of the workflow runtime (definitions folder, startup, JavaScript limits).</summary>
    public const string WorkflowsSection = "ProfileEngine:Workflows";

    /// <summary>
    /// The engine's services: persistence, Mediator with validation and audit, the workflow runtime, connections,
    /// scheduling, profiles, reclamation, reconciliation, users. A vendor connector (the host adds one) plugs into their ports.
    /// </summary>
    /// <param name="allowLoopbackVendorHosts">True only when an embedded vendor simulator is enabled.</param>
    public static IServiceCollection AddProfileEngineServices(this IServiceCollection services, IConfiguration configuration, bool allowLoopbackVendorHosts)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        services.AddProfileEnginePersistence(configuration);
        services.AddProfileEngineMessaging();
        services.AddWorkflowRuntime<ProfileEngineDbContext>(options => configuration.GetSection(WorkflowsSection).Bind(options));
        services.AddProfileEngineConnections(configuration, allowLoopbackVendorHosts);
        services.AddProfileEngineScheduling(configuration);
        services.AddProfileEngineProfiles();
        services.AddProfileEngineReclamation(configuration);
        services.AddProfileEngineReconciliation();
        services.AddProfileEngineUsers();
        return services;
    }
}
