using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ProfileEngine.Notifications;
using ProfileEngine.Subscriptions;
using ProfileEngine.Workflows.Hosting;

namespace ProfileEngine.Reclamation;

public static class ReclamationServiceCollectionExtensions
{
    /// <summary>Rules, removal candidates and their flow, holder notices, the candidate flow's activities and the weekly candidate job.</summary>
    public static IServiceCollection AddProfileEngineReclamation(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<ReclamationOptions>().Bind(configuration.GetSection(ReclamationOptions.Section));
        services.AddOptions<NoticeOptions>().Bind(configuration.GetSection(NoticeOptions.Section));
        services.AddSingleton<RuleEvaluator>();
        services.AddSingleton<CandidateFlows>();
        services.AddSingleton<ReclaimRuns>();
        services.AddSingleton<HolderNoticeLinks>();
        services.AddSingleton<HolderNotices>();
        services.AddSingleton<ISubscriptionDeactivationHook, CloseCandidatesOfGoneSubscriptions>();
        services.AddTransient<UpdateExistingCandidatesJob>();
        services.AddTransient<ReclaimAllJob>();
        services.AddHostedService<ReclamationJobsStartup>();
        services.AddWorkflowActivity<EvaluateReclamationRulesActivity>()
            .AddWorkflowActivity<AwaitCandidateDecision>()
            .AddWorkflowActivity<NotifyHolder>()
            .AddWorkflowActivity<AwaitHolderAnswer>()
            .AddWorkflowActivity<StartReclaim>();
        return services;
    }
}
