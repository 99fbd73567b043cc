using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ProfileEngine.Persistence;
using ProfileEngine.Templates;
using Quartz;

namespace ProfileEngine.Scheduling;

public static class SchedulingServiceCollectionExtensions
{
    public const string QuartzFileName = "quartz.db";

    /// <summary>
    /// Quartz with a persistent store: by default its own SQLite file under the data folder (single node), or
    /// PostgreSQL with optional clustering. Same code path either way: the schema is created when missing
    /// (<c>ProvisionSchema</c>), job data is stored as strings and serialized with System.Text.Json. Quartz reads
    /// time from the container's <see cref="TimeProvider"/>. Adds the profile jobs and the global workflow-timer job.
    /// </summary>
    public static IServiceCollection AddProfileEngineScheduling(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(SchedulingOptions.Section);
        var options = section.Get<SchedulingOptions>() ?? new SchedulingOptions();
        var database = PersistenceServiceCollectionExtensions.ReadOptions(configuration);
        if (database.Provider == DatabaseProvider.PostgreSql)
        {
            // On PostgreSQL the schedule follows the database unless configured otherwise: one server for both.
            if (section[nameof(SchedulingOptions.Store)] is null)
            {
                options.Store = SchedulerStore.PostgreSql;
            }

            if (options.Store == SchedulerStore.PostgreSql && string.IsNullOrWhiteSpace(options.ConnectionString))
            {
                options.ConnectionString = database.ConnectionString;
            }
        }

        if (options.Problems() is { Count: > 0 } problems)
        {
            throw new InvalidOperationException(string.Join(" ", problems));
        }

        var sqliteFile = Path.Combine(DataFolder.Resolve(configuration), QuartzFileName);
        services.AddSingleton(Options.Create(options));
        services.AddOptions<TemplateOptions>().Bind(configuration.GetSection(TemplateOptions.Section));
        services.AddSingleton<TemplateRenderer>();
        services.AddSingleton<ProfileSchedule>();
        services.AddSingleton<ProfileJobRunner>();
        services.AddTransient<ProfileRefreshJob>();
        services.AddTransient<WorkflowTimersJob>();

        services.AddQuartz(quartz =>
        {
            quartz.UseDefaultThreadPool(options.MaxConcurrentJobs);
            quartz.UsePersistentStore(store =>
            {
                if (options.Store == SchedulerStore.PostgreSql)
                {
                    store.UsePostgres(options.ConnectionString!);
                    if (options.Clustered)
                    {
                        store.UseClustering(cluster =>
                        {
                            cluster.CheckinInterval = options.ClusterCheckinInterval;
                            cluster.CheckinMisfireThreshold = options.ClusterCheckinMisfireThreshold;
                        });
                    }
                }
                else
                {
                    Directory.CreateDirectory(Path.GetDirectoryName(sqliteFile)!);
                    store.UseSqlite(SqliteFiles.QuartzConnectionString(DataFolder.Resolve(configuration)));
                }

                store.ProvisionSchema();
                store.UseSystemTextJsonSerializer();
                store.ConfigureStore(ado => ado.StoreJobDataAsStrings = true);
            });
        });
        if (options.Clustered && !string.IsNullOrWhiteSpace(options.NodeId))
        {
            // Quartz generates a distinct instance id per clustered node unless one is chosen.
            services.Configure<QuartzSchedulerOptions>(scheduler => scheduler.InstanceId = options.NodeId);
        }

        services.AddHostedService<EngineJobsStartup>();
        services.AddQuartzHostedService(hosted => hosted.WaitForJobsToComplete = true);
        return services;
    }
}
