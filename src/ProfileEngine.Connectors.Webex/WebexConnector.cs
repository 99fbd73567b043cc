using ProfileEngine.Connections;
using ProfileEngine.Connectors.Webex.Connections;
using ProfileEngine.Profiles;

namespace ProfileEngine.Connectors.Webex;

/// <summary>The Webex connector as the engine sees it: "Webex Subscription" profiles, their aliases and three subflows.</summary>
public static class WebexConnector
{
    public const string Vendor = WebexApiException.VendorName;
    public const string ProfileType = "Webex Subscription";

    public static VendorConnector Descriptor { get; } = new(
        Vendor,
        ProfileType,
        new SubflowBindings(WebexSubflows.Download, WebexSubflows.Activity, WebexSubflows.Reclaim),
        ["webexapis.com"],
        new ConnectorAliases(WebexAliases.Subscription, WebexAliases.Scopes),
        [ConnectionMethod.AuthorizationCode],
        []);
}

/// <summary>The default subflows of a Webex profile (this project's Workflows/*.json, copied to workflows/ beside the binaries).</summary>
public static class WebexSubflows
{
    public const string Download = "cisco-webex-download-subscriptions";
    public const string Activity = "cisco-webex-update-user-activity";
    public const string Reclaim = "cisco-webex-reclaim-subscription";
}

/// <summary>The four Webex parent aliases (seed 001) and the least-privilege scopes of each process (WEBEX-API §3).</summary>
public static class WebexAliases
{
    public const string SubscriptionActivityReclaim = "webex_subscription_activity_reclaim";
    public const string SubscriptionActivity = "webex_subscription_activity";
    public const string SubscriptionReclaim = "webex_subscription_reclaim";
    public const string Subscription = "webex_subscription";

    // The holder notice is a Webex message sent as the connected admin, hence messages_write (ServiceNow sends e-mail).
    public static ConnectorScopes Scopes { get; } = new(
        Download: [WebexScopes.LicensesRead, WebexScopes.PeopleRead],
        Activity: [WebexScopes.ComplianceEventsRead, WebexScopes.MeetingsAdminScheduleRead],
        Reclaim: [WebexScopes.PeopleRead, WebexScopes.PeopleWrite, WebexScopes.MessagesWrite],
        AdminAudit: [WebexScopes.AuditEventsRead],
        Directory: [WebexScopes.IdentityPeopleRead]);

    /// <summary>The scopes of a Webex alias with these processes.</summary>
    public static string ScopesFor(bool downloadActivity, bool reclaimSubscriptions, bool usesAdminAudit = false, bool usesScimDirectory = false) =>
        WebexConnector.Descriptor.Aliases.ScopesFor(downloadActivity, reclaimSubscriptions, usesAdminAudit, usesScimDirectory);
}
