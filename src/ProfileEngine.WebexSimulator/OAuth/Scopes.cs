namespace ProfileEngine.WebexSimulator.OAuth;

public static class Scopes
{
    public const string PeopleRead = "spark-admin:people_read";
    public const string OwnPeopleRead = "spark:people_read";
    public const string PeopleWrite = "spark-admin:people_write";
    public const string LicensesRead = "spark-admin:licenses_read";
    public const string RolesRead = "spark-admin:roles_read";
    public const string OrganizationsRead = "spark-admin:organizations_read";
    public const string ComplianceEventsRead = "spark-compliance:events_read";
    public const string AuditEventsRead = "audit:events_read";
    public const string MeetingsAdminRead = "meeting:admin_schedule_read";
    public const string MeetingParticipantsAdminRead = "meeting:admin_participants_read";
    public const string MessagesWrite = "spark:messages_write";
    public const string IdentityPeopleRead = "identity:people_read";
    public const string IdentityPeopleReadWrite = "identity:people_rw";
}
