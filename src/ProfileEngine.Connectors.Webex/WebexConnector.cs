using ProfileEngine.Profiles;

namespace ProfileEngine.Connectors.Webex;

/// <summary>The Webex connector as the engine sees it: "Webex Subscription" profiles and their three subflows.</summary>
public static class WebexConnector
{
    public const string Vendor = WebexApiException.VendorName;
    public const string ProfileType = "Webex Subscription";

    public static VendorConnector Descriptor { get; } = new(
        Vendor,
        ProfileType,
        new SubflowBindings(WebexSubflows.Download, WebexSubflows.Activity, WebexSubflows.Reclaim),
        ["webexapis.com"]);
}

/// <summary>The default subflows of a Webex profile (this project's Workflows/*.json, copied to workflows/ beside the binaries).</summary>
public static class WebexSubflows
{
    public const string Download = "cisco-webex-download-subscriptions";
    public const string Activity = "cisco-webex-update-user-activity";
    public const string Reclaim = "cisco-webex-reclaim-subscription";
}
