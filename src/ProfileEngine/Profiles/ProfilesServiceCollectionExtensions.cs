using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ProfileEngine.Persistence;
using ProfileEngine.Workflows.Loading;
using ProfileEngine.Workflows.Runtime;

namespace ProfileEngine.Profiles;

public static class ProfilesServiceCollectionExtensions
{
    /// <summary>
    /// What the profile use cases need beyond Mediator: the workflow definition store, to check subflow bindings.
    /// Registered with TryAdd, so <c>AddWorkflowRuntime&lt;ProfileEngineDbContext&gt;()</c> (which registers the same
    /// services over the same database) can take over whichever is called first.
    /// </summary>
    public static IServiceCollection AddProfileEngineProfiles(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(sp => new WorkflowDefinitionStore(sp.GetRequiredService<IWorkflowDbContextSource>(), sp.GetRequiredService<TimeProvider>()));
        return services;
    }
}
