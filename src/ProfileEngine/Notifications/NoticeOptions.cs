namespace ProfileEngine.Notifications;

/// <summary>Settings of the holder notices (configuration section <c>ProfileEngine:Notices</c>).</summary>
public sealed class NoticeOptions
{
    public const string Section = "ProfileEngine:Notices";

    /// <summary>The address license holders reach the host at; the Keep/Remove links start with it.</summary>
    public string PublicBaseUrl { get; set; } = "http://127.0.0.1:5080";
}
