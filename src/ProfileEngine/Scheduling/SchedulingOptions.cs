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

    /// <summary>PostgreSQL only; the SQLite file's path comes from the data folder.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Several engine nodes share one PostgreSQL schedule. Quartz refuses clustering on SQLite.</summary>
    public bool Clustered { get; set; }

    public TimeSpan ClusterCheckinInterval { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan ClusterCheckinMisfireThreshold { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Jobs running at once on this node.</summary>
    public int MaxConcurrentJobs { get; set; } = 4;
}
