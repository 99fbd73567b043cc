namespace ProfileEngine.Connectors.Webex.Connections;

/// <summary>
/// The OAuth scopes (and admin role) the Webex calls of this client need. Webex's 403 answer does not say which
/// scope was missing, so the client names it from here; connection aliases can use the same names.
/// </summary>
public static class WebexScopes
{
    public const string PeopleRead = "spark-admin:people_read";
    public const string PeopleWrite = "spark-admin:people_write";
    public const string LicensesRead = "spark-admin:licenses_read";
    public const string RolesRead = "spark-admin:roles_read";
    public const string OrganizationsRead = "spark-admin:organizations_read";
    public const string ComplianceEventsRead = "spark-compliance:events_read";
    public const string AuditEventsRead = "audit:events_read";
    public const string MeetingsAdminScheduleRead = "meeting:admin_schedule_read";

    /// <summary>
    /// What <c>/v1/meetingReports/usage</c> needs. Cisco's reference names no scope for it; Cisco's add-on for Splunk
    /// asks for meeting:admin_schedule_read, meeting:admin_participants_read and meeting:admin_config_read for it, so
    /// the schedule scope (which the activity aliases already hold) is the best-supported single answer.
    /// </summary>
    public const string MeetingUsageReportsRead = MeetingsAdminScheduleRead;
    public const string MessagesWrite = "spark:messages_write";
    public const string IdentityPeopleRead = "identity:people_read";

    /// <summary>What a call needs, in words for an operator, or null for a path this client does not call.</summary>
    public static string? RequiredFor(string method, string path)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(path);
        var reads = string.Equals(method, "GET", StringComparison.OrdinalIgnoreCase);
        return path switch
        {
            _ when path.StartsWith("/v1/licenses/users", StringComparison.Ordinal) => $"the scope {PeopleWrite}",
            _ when path.StartsWith("/v1/licenses", StringComparison.Ordinal) => $"the scope {LicensesRead}",
            _ when path.StartsWith("/v1/people", StringComparison.Ordinal) => $"the scope {(reads ? PeopleRead : PeopleWrite)}",
            _ when path.StartsWith("/v1/roles", StringComparison.Ordinal) => $"the scope {RolesRead}",
            _ when path.StartsWith("/v1/organizations", StringComparison.Ordinal) => $"the scope {OrganizationsRead}",
            _ when path.StartsWith("/v1/events", StringComparison.Ordinal) => $"the scope {ComplianceEventsRead} and a Compliance Officer admin",
            _ when path.StartsWith("/v1/adminAudit", StringComparison.Ordinal) => $"the scope {AuditEventsRead}",
            _ when path.StartsWith("/v1/meetingReports", StringComparison.Ordinal) => $"the scope {MeetingUsageReportsRead} (perhaps also meeting:admin_participants_read or meeting:admin_config_read) and a site administrator",
            _ when path.StartsWith("/v1/meetings", StringComparison.Ordinal) => $"the scope {MeetingsAdminScheduleRead}",
            _ when path.StartsWith("/v1/messages", StringComparison.Ordinal) => $"the scope {MessagesWrite}",
            _ when path.StartsWith("/identity/scim/", StringComparison.Ordinal) => $"the scope {IdentityPeopleRead}",
            _ => null,
        };
    }
}
