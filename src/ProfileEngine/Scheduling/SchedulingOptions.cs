using System.Globalization;

namespace ProfileEngine.Scheduling;

public enum SchedulerStore
{
    /// <summary>Quartz tables in their own SQLite file, <c>&lt;data folder&gt;/quartz.db</c>; one node only.</summary>
    Sqlite,

    /// <summary>Quartz tables in PostgreSQL (<see cref="SchedulingOptions.ConnectionString"/>); may be clustered.</summary>
    PostgreSql,
}

/// <summary>The <c>ProfileEngine:Scheduling</c> section.</summary>
public sealed class SchedulingOptions
{
    public const string Section = "ProfileEngine:Scheduling";

    public SchedulerStore Store { get; set; } = SchedulerStore.Sqlite;

    /// <summary>PostgreSQL only; the SQLite file's path comes from the data folder. Defaults to <c>ProfileEngine:Database:ConnectionString</c>
    /// when the database is PostgreSQL (and the store then defaults to PostgreSql too).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Several engine nodes share one PostgreSQL schedule. Quartz refuses clustering on SQLite.</summary>
    public bool Clustered { get; set; }

    /// <summary>This node's Quartz instance id in a cluster; Quartz generates a distinct one when left empty.</summary>
    public string? NodeId { get; set; }

    public TimeSpan ClusterCheckinInterval { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan ClusterCheckinMisfireThreshold { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Jobs running at once on this node.</summary>
    public int MaxConcurrentJobs { get; set; } = 4;

    /// <summary>When the daily "SAM - Refresh &lt;name&gt; Subscriptions" runs, <c>HH:mm</c> in <see cref="TimeZone"/>.</summary>
    public string SubscriptionsDailyAt { get; set; } = "02:00";

    /// <summary>How long after the subscriptions job the daily activity job runs (less than a day).</summary>
    public TimeSpan ActivityAfterSubscriptions { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The time zone of the daily times (an IANA or Windows id); UTC by default.</summary>
    public string TimeZone { get; set; } = "UTC";

    /// <summary>How often the global job resumes workflow timers (Delay bookmarks) that are due.</summary>
    public TimeSpan WorkflowTimerInterval { get; set; } = TimeSpan.FromMinutes(1);

    public TimeOnly SubscriptionsTime => TimeOnly.ParseExact(SubscriptionsDailyAt, "HH:mm", CultureInfo.InvariantCulture);

    public TimeOnly ActivityTime => SubscriptionsTime.Add(ActivityAfterSubscriptions);

    public TimeZoneInfo Zone => TimeZoneInfo.FindSystemTimeZoneById(TimeZone);

    /// <summary>Every problem of these settings, each naming its key; empty when they are usable.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (Store == SchedulerStore.PostgreSql && string.IsNullOrWhiteSpace(ConnectionString))
        {
            problems.Add($"{Section}:ConnectionString is required when {Section}:Store is PostgreSql.");
        }

        if (Clustered && Store != SchedulerStore.PostgreSql)
        {
            problems.Add($"{Section}:Clustered needs Store=PostgreSql; Quartz cannot cluster on SQLite (one writer, in-process locks).");
        }

        if (!TimeOnly.TryParseExact(SubscriptionsDailyAt, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            problems.Add($"{Section}:SubscriptionsDailyAt '{SubscriptionsDailyAt}' is not a time of day as HH:mm (e.g. 02:00).");
        }

        if (ActivityAfterSubscriptions <= TimeSpan.Zero || ActivityAfterSubscriptions >= TimeSpan.FromDays(1))
        {
            problems.Add($"{Section}:ActivityAfterSubscriptions must be more than zero and less than a day, not {ActivityAfterSubscriptions}.");
        }

        try
        {
            _ = Zone;
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            problems.Add($"{Section}:TimeZone '{TimeZone}' is not a known time zone.");
        }

        if (WorkflowTimerInterval < TimeSpan.FromSeconds(1))
        {
            problems.Add($"{Section}:WorkflowTimerInterval must be at least one second, not {WorkflowTimerInterval}.");
        }

        if (MaxConcurrentJobs < 1)
        {
            problems.Add($"{Section}:MaxConcurrentJobs must be at least 1.");
        }

        return problems;
    }

    /// <summary>A Quartz cron expression firing every day at <paramref name="time"/>.</summary>
    public static string DailyCron(TimeOnly time) =>
        string.Create(CultureInfo.InvariantCulture, $"0 {time.Minute} {time.Hour} * * ?");
}
