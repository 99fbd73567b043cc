using System.Globalization;

namespace ProfileEngine.Reclamation;

/// <summary>
/// A license that looks unused and may be taken back (ServiceNow's <c>samp_sw_reclamation_candidate</c>). Created by
/// rule evaluation in Ready; moved only through <see cref="CandidateLifecycle"/> by <see cref="CandidateChanges"/>, which
/// writes the work note and the audit row with every move. Its history outlives the subscription and the profile.
/// </summary>
public sealed class RemovalCandidate
{
    public const string DefaultJustification = "Low Usage";

    public long Id { get; set; }

    /// <summary>"RC0001001": ServiceNow's numbering, derived from the id so bulk creation needs no counter.</summary>
    public string Number => FormatNumber(Id);

    public static string FormatNumber(long id) => "RC" + (id + 1000).ToString("D7", CultureInfo.InvariantCulture);

    public static bool TryParseNumber(string? number, out long id)
    {
        id = 0;
        if (number is null || !number.StartsWith("RC", StringComparison.OrdinalIgnoreCase)
            || !long.TryParse(number.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value <= 1000)
        {
            return false;
        }

        id = value - 1000;
        return true;
    }

    public Guid ProfileId { get; set; }

    /// <summary>The profile's name when the candidate opened; kept after the profile is deleted.</summary>
    public required string ProfileName { get; set; }

    /// <summary>The subscription; null once the subscription record is gone (profile deleted).</summary>
    public long? SubscriptionId { get; set; }

    /// <summary>Equal to <see cref="SubscriptionId"/> while open, null once closed: its unique index allows one open candidate per subscription.</summary>
    public long? OpenSubscriptionId { get; set; }

    public required string ExternalUserId { get; set; }

    /// <summary>The user: the holder's email.</summary>
    public string? UserPrincipalName { get; set; }

    public string? DisplayName { get; set; }

    /// <summary>The subscription identifier (the vendor's license id).</summary>
    public required string Identifier { get; set; }

    public Guid? ModelId { get; set; }

    public string? ModelName { get; set; }

    public Guid? RuleId { get; set; }

    public CandidateState State { get; set; }

    public string Justification { get; set; } = DefaultJustification;

    /// <summary>Days without meaningful activity when the candidate opened (or since the account was created).</summary>
    public int InactiveDays { get; set; }

    /// <summary>The last activity the evaluation saw.</summary>
    public DateTimeOffset? LastActivity { get; set; }

    /// <summary>What reclaiming saves per year: the model's price per right (entitlements, else the list price).</summary>
    public decimal PotentialSavings { get; set; }

    /// <summary>Set when the license was reclaimed (Closed Complete).</summary>
    public decimal? ActualSavings { get; set; }

    public string? Currency { get; set; }

    // Copied from the rule when the candidate opened, as ServiceNow copies the assignment group.
    public bool NotifyUser { get; set; }

    public int DaysBeforeAutoReclamation { get; set; }

    public int? ReminderDaysBeforeDeadline { get; set; }

    public string? AssignmentGroup { get; set; }

    public bool ReclaimWithoutReview { get; set; }

    /// <summary>Whether Reclaim asks the holder first (Awaiting User) instead of going straight to Awaiting Revocation.</summary>
    public bool NotifiesHolder => NotifyUser && DaysBeforeAutoReclamation > 0;

    public DateTimeOffset OpenedAt { get; set; }

    public DateTimeOffset? ClosedAt { get; set; }

    public string? ClosedBy { get; set; }

    /// <summary>The candidate flow (sam-removal-candidate) that drives it.</summary>
    public string? WorkflowInstanceId { get; set; }

    public DateTimeOffset? NoticeSentAt { get; set; }

    /// <summary>When the holder's silence counts as agreement (auto-reclamation).</summary>
    public DateTimeOffset? AnswerDueAt { get; set; }

    /// <summary>Keep or Remove, once the holder answered.</summary>
    public string? HolderAnswer { get; set; }

    /// <summary>
    /// Set, and committed, right before the vendor is asked to remove the license: a reclaim that finds it set checks
    /// the assignment at the vendor before calling again, so a crash after the vendor's answer never removes twice.
    /// </summary>
    public DateTimeOffset? ReclaimIntentAt { get; set; }

    /// <summary>The reclaim run that owns the vendor call; a second run for the same candidate stops.</summary>
    public string? ReclaimingInstanceId { get; set; }

    public int ReclaimAttempts { get; set; }

    /// <summary>The vendor's message and tracking id of the last failed reclaim (Attention Required).</summary>
    public string? VendorMessage { get; set; }

    public string? VendorTrackingId { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Bumped by every change; a change made from an older read is a conflict.</summary>
    public int Version { get; set; }
}

/// <summary>One line of a candidate's history: a state change with who and why, or a note someone added.</summary>
public sealed class CandidateWorkNote
{
    public long Id { get; set; }

    public long CandidateId { get; set; }

    public DateTimeOffset At { get; set; }

    /// <summary>The reviewer, operator, holder ("holder") or <c>system</c>.</summary>
    public required string Author { get; set; }

    public string? Action { get; set; }

    public CandidateState? FromState { get; set; }

    public CandidateState? ToState { get; set; }

    public required string Text { get; set; }
}
