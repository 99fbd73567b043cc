using ProfileEngine.Messaging;

namespace ProfileEngine.Reclamation;

public sealed record ReclamationRuleView(
    Guid Id, string Name, Guid ProfileId, Guid? ModelId, int LastActivityThresholdDays, bool NotifyUser, int DaysBeforeAutoReclamation,
    int? ReminderDaysBeforeDeadline, string AssignmentGroup, bool ReclaimWithoutReview, bool Active, DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt, int Version)
{
    /// <summary>Models the rule cannot propose anyone of now, each with why (activity known for too short a time); listed rules only.</summary>
    public IReadOnlyList<string> Limitations { get; init; } = [];

    public static ReclamationRuleView Of(ReclamationRule r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new(r.Id, r.Name, r.ProfileId, r.ModelId, r.LastActivityThresholdDays, r.NotifyUser, r.DaysBeforeAutoReclamation,
            r.ReminderDaysBeforeDeadline, r.AssignmentGroup, r.ReclaimWithoutReview, r.Active, r.CreatedAt, r.UpdatedAt, r.Version);
    }
}

/// <summary>The settings a rule is created or updated with, and their checks (shared by create and update).</summary>
public sealed record ReclamationRuleSettings(
    string Name,
    int LastActivityThresholdDays = ReclamationRule.DefaultThresholdDays,
    bool NotifyUser = false,
    int DaysBeforeAutoReclamation = ReclamationRule.DefaultDaysBeforeAutoReclamation,
    int? ReminderDaysBeforeDeadline = null,
    string AssignmentGroup = ReclamationRule.DefaultAssignmentGroup,
    bool ReclaimWithoutReview = false,
    bool Active = true)
{
    public const int MaxThresholdDays = 3650;

    public void Validate(ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (!errors.Required(nameof(Name), Name) && Name.Trim().Length > 200)
        {
            errors.Add(nameof(Name), "Name must be at most 200 characters.");
        }

        if (LastActivityThresholdDays is < 1 or > MaxThresholdDays)
        {
            errors.Add(nameof(LastActivityThresholdDays), $"LastActivityThresholdDays must be between 1 and {MaxThresholdDays}.");
        }

        if (DaysBeforeAutoReclamation is < 0 or > 365)
        {
            errors.Add(nameof(DaysBeforeAutoReclamation), "DaysBeforeAutoReclamation must be between 0 and 365.");
        }

        if (ReminderDaysBeforeDeadline is { } reminder && (reminder < 1 || reminder >= DaysBeforeAutoReclamation))
        {
            errors.Add(nameof(ReminderDaysBeforeDeadline), "ReminderDaysBeforeDeadline must be at least 1 and less than DaysBeforeAutoReclamation.");
        }

        if (!errors.Required(nameof(AssignmentGroup), AssignmentGroup) && AssignmentGroup.Trim().Length > 200)
        {
            errors.Add(nameof(AssignmentGroup), "AssignmentGroup must be at most 200 characters.");
        }
    }

    public void ApplyTo(ReclamationRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        rule.Name = Name.Trim();
        rule.LastActivityThresholdDays = LastActivityThresholdDays;
        rule.NotifyUser = NotifyUser;
        rule.DaysBeforeAutoReclamation = DaysBeforeAutoReclamation;
        rule.ReminderDaysBeforeDeadline = ReminderDaysBeforeDeadline;
        rule.AssignmentGroup = AssignmentGroup.Trim();
        rule.ReclaimWithoutReview = ReclaimWithoutReview;
        rule.Active = Active;
    }
}
