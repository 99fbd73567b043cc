using Microsoft.Extensions.DependencyInjection;

namespace ProfileEngine.Reconciliation;

public static class ReconciliationServiceCollectionExtensions
{
    /// <summary>The weekly reconciliation job; the commands and queries come with Mediator.</summary>
    public static IServiceCollection AddProfileEngineReconciliation(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddTransient<ReconciliationJob>();
        return services;
    }
}
