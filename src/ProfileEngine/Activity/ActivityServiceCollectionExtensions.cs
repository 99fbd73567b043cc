using Microsoft.Extensions.DependencyInjection;
using ProfileEngine.Workflows.Hosting;

namespace ProfileEngine.Activity;

public static class ActivityServiceCollectionExtensions
{
    /// <summary>The activities of the Update User Activity subflow.</summary>
    public static IServiceCollection AddProfileEngineActivity(this IServiceCollection services) =>
        services.AddWorkflowActivity<UpdateUserActivity>();
}
