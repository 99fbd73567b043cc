using ProfileEngine.Audit;

namespace ProfileEngine.Reclamation;

/// <summary>
/// When a license counts as unused and what happens then (ServiceNow's SaaS reclamation rule). One is created with
/// defaults when a profile is first published; it applies to the whole profile, or to one software model of it (a
/// model's own rule wins over the profile's). Kept when the profile is deleted.
/// </summary>
public sealed class ReclamationRule : IAudited
{
    public const int DefaultThresholdDays = 60;
    public const int DefaultDaysBeforeAutoReclamation = 7;
    public const string DefaultAssignmentGroup = "Software managers";

    public Guid Id { get; set; }

    public required string Name { get; set; }

    /// <summary>Applies to: the profile.</summary>
    public Guid ProfileId { get; set; }

    /// <summary>Optionally narrowed to one software model.</summary>
    public Guid? ModelId { get; set; }

    /// <summary>Days without meaningful activity before a subscription becomes a candidate.</summary>
    public int LastActivityThresholdDays { get; set; } = DefaultThresholdDays;

    /// <summary>Send the holder a notice with Keep and Remove links before reclaiming.</summary>
    public bool NotifyUser { get; set; }

    /// <summary>With notify user: days the holder has to answer before the license is reclaimed anyway.</summary>
    public int DaysBeforeAutoReclamation { get; set; } = DefaultDaysBeforeAutoReclamation;

    /// <summary>With notify user: a reminder this many days before the deadline (null: none).</summary>
    public int? ReminderDaysBeforeDeadline { get; set; }

    /// <summary>Who reviews the candidates (copied onto each).</summary>
    public string AssignmentGroup { get; set; } = DefaultAssignmentGroup;

    /// <summary>Candidates proceed without waiting for a reviewer. Off by default.</summary>
    public bool ReclaimWithoutReview { get; set; }

    public bool Active { get; set; } = true;

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public int Version { get; set; }
}

/// <summary>The rule a profile gets when it is first published.</summary>
public static class ReclamationRuleDefaults
{
    public static ReclamationRule For(Profiles.IntegrationProfile profile, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(profile);
        return new ReclamationRule
        {
            Id = Guid.CreateVersion7(now),
            Name = $"{profile.DisplayName} - unused licenses",
            ProfileId = profile.Id,
            CreatedAt = now,
            UpdatedAt = now,
        };
    }
}
