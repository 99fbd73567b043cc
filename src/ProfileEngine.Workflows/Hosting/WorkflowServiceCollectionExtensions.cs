using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ProfileEngine.Workflows.Activities;
using ProfileEngine.Workflows.Activities.BuiltIn;
using ProfileEngine.Workflows.Definitions;
using ProfileEngine.Workflows.Expressions;
using ProfileEngine.Workflows.Loading;
using ProfileEngine.Workflows.Runtime;

namespace ProfileEngine.Workflows.Hosting;

public static class WorkflowServiceCollectionExtensions
{
    /// <summary>
    /// Adds the workflow runtime, writing to <typeparamref name="TContext"/> (which must call
    /// <c>ApplyWorkflowModel()</c> and be registered with <c>AddDbContextFactory</c>), with the built-in activities.
    /// </summary>
    public static IServiceCollection AddWorkflowRuntime<TContext>(this IServiceCollection services, Action<WorkflowRuntimeOptions>? configure = null)
        where TContext : DbContext
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<WorkflowRuntimeOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IWorkflowDbContextSource, WorkflowDbContextSource<TContext>>();
        services.TryAddSingleton(sp => new JavaScriptSandbox(sp.GetRequiredService<IOptions<WorkflowRuntimeOptions>>().Value.JavaScript));
        services.TryAddSingleton<ExpressionEvaluator>();
        services.TryAddSingleton<WorkflowHttpClient>();
        services.TryAddSingleton(sp => new ActivityRegistry(sp.GetServices<ActivityRegistration>()));
        services.TryAddSingleton<DefinitionValidator>();
        services.TryAddSingleton<WorkflowDefinitionStore>();
        services.TryAddSingleton<DefinitionLoadReports>();
        services.TryAddSingleton<WorkflowDefinitionLoader>();
        services.TryAddSingleton<WorkflowDefinitionExporter>();
        services.TryAddSingleton<WorkflowRuntime>();
        services.TryAddSingleton<IWorkflowRuntime>(sp => sp.GetRequiredService<WorkflowRuntime>());
        services.AddHostedService<WorkflowStartupService>();

        services.AddWorkflowActivity<StartActivity>()
            .AddWorkflowActivity<EndActivity>()
            .AddWorkflowActivity<WriteLine>()
            .AddWorkflowActivity<SetVariable>()
            .AddWorkflowActivity<FlowDecision>()
            .AddWorkflowActivity<EventActivity>()
            .AddWorkflowActivity<Delay>()
            .AddWorkflowActivity<FlowJoin>()
            .AddWorkflowActivity<FlowSwitch>()
            .AddWorkflowActivity<FlowFork>()
            .AddWorkflowActivity<Fault>()
            .AddWorkflowActivity<Finish>()
            .AddWorkflowActivity<SetOutput>()
            .AddWorkflowActivity<WorkflowDefinitionActivity>()
            .AddWorkflowActivity<SendHttpRequest>();
        return services;
    }

    /// <summary>Makes an activity class usable in definitions; it is resolved from DI for every run.</summary>
    public static IServiceCollection AddWorkflowActivity<TActivity>(this IServiceCollection services)
        where TActivity : WorkflowActivity
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddTransient<TActivity>();
        services.AddSingleton(new ActivityRegistration(typeof(TActivity)));
        return services;
    }
}
