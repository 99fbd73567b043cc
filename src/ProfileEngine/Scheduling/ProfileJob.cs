using ProfileEngine.Audit;
using ProfileEngine.Profiles;

namespace ProfileEngine.Scheduling;

/// <summary>The two scheduled jobs a published profile has.</summary>
public enum ProfileProcess
{
    /// <summary>"SAM - Refresh &lt;name&gt; Subscriptions": runs the Download subflow at publish, then daily.</summary>
    Subscriptions,

    /// <summary>"SAM - Refresh &lt;name&gt; Activity": runs the Activity subflow daily, after the subscriptions job.</summary>
    Activity,
}

/// <summary>
/// The engine's record of one profile job (ServiceNow's "Scheduled Jobs" related list). Quartz holds the triggers in
/// its own store; this row is what the profile shows and what the audit log follows: every change to a profile's
/// jobs changes a row here, in the same transaction as the profile.
/// </summary>
public sealed class ProfileJob : IAudited
{
    public Guid Id { get; set; }

    public Guid ProfileId { get; set; }

    public ProfileProcess Process { get; set; }

    /// <summary>Rendered from templates/scheduled-job-name.sbn, e.g. "SAM - Refresh Acme Subscriptions".</summary>
    public required string Name { get; set; }

    /// <summary>The Quartz job key, <c>group.name</c>.</summary>
    public required string QuartzKey { get; set; }

    /// <summary>The daily trigger's cron expression and its time zone.</summary>
    public required string Cron { get; set; }

    public required string TimeZone { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public required string CreatedBy { get; set; }

    public DateTimeOffset? LastRunRequestedAt { get; set; }

    public string? LastRunRequestedBy { get; set; }
}
