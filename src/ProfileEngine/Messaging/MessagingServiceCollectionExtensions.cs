using Mediator;
using Microsoft.Extensions.DependencyInjection;
using ProfileEngine.Audit;

namespace ProfileEngine.Messaging;

public static class MessagingServiceCollectionExtensions
{
    /// <summary>
    /// Mediator (source-generated, scoped so handlers share the request's DbContext) with its pipeline:
    /// validation first, so a refused request writes nothing, then the audit scope. Registers every
    /// <see cref="IValidator{TRequest}"/> of this assembly and the scoped <see cref="CurrentOperator"/>.
    /// </summary>
    public static IServiceCollection AddProfileEngineMessaging(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddMediator(options =>
        {
            options.ServiceLifetime = ServiceLifetime.Scoped;
            options.GenerateTypesAsInternal = true;
            options.PipelineBehaviors = [typeof(ValidationBehavior<,>), typeof(AuditBehavior<,>)];
        });
        services.AddScoped<CurrentOperator>();
        foreach (var type in typeof(MessagingServiceCollectionExtensions).Assembly.GetTypes().Where(t => t is { IsClass: true, IsAbstract: false }))
        {
            foreach (var contract in type.GetInterfaces().Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IValidator<>)))
            {
                services.AddScoped(contract, type);
            }
        }

        return services;
    }
}
