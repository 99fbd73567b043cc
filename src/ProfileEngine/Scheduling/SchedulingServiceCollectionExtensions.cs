using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ProfileEngine.Persistence;
using Quartz;

namespace ProfileEngine.Scheduling;

public static class SchedulingServiceCollectionExtensions
{
    public const string QuartzFileName = "quartz.db";

    /// <summary>
    /// Quartz with a persistent store: by default its own SQLite file under the data folder (single node), or
    /// PostgreSQL with optional clustering. Same code path either way: the schema is created when missing
    /// (<c>ProvisionSchema</c>), job data is stored as strings and serialized with System.Text.Json.
    /// </summary>
    public static IServiceCollection AddProfileEngineScheduling(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var options = configuration.GetSection(SchedulingOptions.Section).Get<SchedulingOptions>() ?? new SchedulingOptions();
        Validate(options);
        var sqliteFile = Path.Combine(DataFolder.Resolve(configuration), QuartzFileName);

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
                    store.UseSqlite(new SqliteConnectionStringBuilder { DataSource = sqliteFile, Pooling = true }.ToString());
                }

                store.ProvisionSchema();
                store.UseSystemTextJsonSerializer();
                store.ConfigureStore(ado => ado.StoreJobDataAsStrings = true);
            });
        });
        services.AddQuartzHostedService(hosted => hosted.WaitForJobsToComplete = true);
        return services;
    }

    private static void Validate(SchedulingOptions options)
    {
        if (options.Store == SchedulerStore.PostgreSql && string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            throw new InvalidOperationException($"{SchedulingOptions.Section}:ConnectionString is required when {SchedulingOptions.Section}:Store is PostgreSql.");
        }

        if (options.Clustered && options.Store != SchedulerStore.PostgreSql)
        {
            throw new InvalidOperationException(
                $"{SchedulingOptions.Section}:Clustered needs Store=PostgreSql; Quartz cannot cluster on SQLite (one writer, in-process locks).");
        }
    }
}
