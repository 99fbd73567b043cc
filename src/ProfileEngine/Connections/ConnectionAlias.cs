using ProfileEngine.Audit;
using ProfileEngine.Connectors.Webex;

namespace ProfileEngine.Connections;

/// <summary>
/// Which credential a profile uses. The four parent aliases are seeded and picked by the profile's check boxes
/// (<see cref="ParentAliases.For"/>); a child alias (one with a <see cref="ParentAliasId"/>) lets another profile,
/// for another Webex org, have a connection of its own. One alias has at most one connection.
/// </summary>
public sealed class ConnectionAlias : IAudited
{
    public Guid Id { get; set; }

    public required string Name { get; set; }

    /// <summary>Null for the four parent aliases.</summary>
    public Guid? ParentAliasId { get; set; }

    public ConnectionAlias? ParentAlias { get; set; }

    /// <summary>The processes this alias's connection serves; they decide <see cref="RequiredScopes"/>.</summary>
    public bool DownloadActivity { get; set; }

    public bool ReclaimSubscriptions { get; set; }

    public bool UsesAdminAudit { get; set; }

    public bool UsesScimDirectory { get; set; }

    /// <summary>Space-separated OAuth scopes Connect asks for.</summary>
    public required string RequiredScopes { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public bool IsParent => ParentAliasId is null;

    public IReadOnlyList<string> RequiredScopeList => RequiredScopes.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}

/// <summary>The four parent aliases and the least-privilege scopes of each process (seed 001, WEBEX-API §3).</summary>
public static class ParentAliases
{
    public const string SubscriptionActivityReclaim = "webex_subscription_activity_reclaim";
    public const string SubscriptionActivity = "webex_subscription_activity";
    public const string SubscriptionReclaim = "webex_subscription_reclaim";
    public const string Subscription = "webex_subscription";

    public static readonly IReadOnlyList<string> DownloadScopes = [WebexScopes.LicensesRead, WebexScopes.PeopleRead];
    public static readonly IReadOnlyList<string> ActivityScopes = [WebexScopes.ComplianceEventsRead, WebexScopes.MeetingsAdminScheduleRead];
    public static readonly IReadOnlyList<string> AdminAuditScopes = [WebexScopes.AuditEventsRead];
    // The holder notice is a Webex message sent as the connected admin, hence messages_write (ServiceNow sends e-mail).
    public static readonly IReadOnlyList<string> ReclaimScopes = [WebexScopes.PeopleRead, WebexScopes.PeopleWrite, WebexScopes.MessagesWrite];
    public static readonly IReadOnlyList<string> ScimDirectoryScopes = [WebexScopes.IdentityPeopleRead];

    /// <summary>A fixed time (and fixed ids below), so the seed is the same in every database.</summary>
    private static readonly DateTimeOffset SeededAt = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The parent alias the two check boxes choose.</summary>
    public static string For(bool downloadActivity, bool reclaimSubscriptions) => (downloadActivity, reclaimSubscriptions) switch
    {
        (true, true) => SubscriptionActivityReclaim,
        (true, false) => SubscriptionActivity,
        (false, true) => SubscriptionReclaim,
        (false, false) => Subscription,
    };

    /// <summary>Download is always on; the other processes add their scopes. Sorted, without duplicates.</summary>
    public static string ScopesFor(bool downloadActivity, bool reclaimSubscriptions, bool usesAdminAudit, bool usesScimDirectory)
    {
        IEnumerable<string> scopes = DownloadScopes;
        if (downloadActivity)
        {
            scopes = scopes.Concat(ActivityScopes);
            if (usesAdminAudit)
            {
                scopes = scopes.Concat(AdminAuditScopes);
            }
        }

        if (reclaimSubscriptions)
        {
            scopes = scopes.Concat(ReclaimScopes);
        }

        if (usesScimDirectory)
        {
            scopes = scopes.Concat(ScimDirectoryScopes);
        }

        return string.Join(' ', scopes.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
    }

    internal static IEnumerable<ConnectionAlias> Seed =>
    [
        Parent(new Guid("6a1d7c52-0b6e-4a3c-9a51-000000000001"), true, true),
        Parent(new Guid("6a1d7c52-0b6e-4a3c-9a51-000000000002"), true, false),
        Parent(new Guid("6a1d7c52-0b6e-4a3c-9a51-000000000003"), false, true),
        Parent(new Guid("6a1d7c52-0b6e-4a3c-9a51-000000000004"), false, false),
    ];

    private static ConnectionAlias Parent(Guid id, bool activity, bool reclaim) => new()
    {
        Id = id,
        Name = For(activity, reclaim),
        DownloadActivity = activity,
        ReclaimSubscriptions = reclaim,
        RequiredScopes = ScopesFor(activity, reclaim, usesAdminAudit: false, usesScimDirectory: false),
        CreatedAt = SeededAt,
    };
}
