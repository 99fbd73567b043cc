namespace ProfileEngine.WebexSimulator;

/// <summary>How the simulator starts. Defaults follow the README.</summary>
public sealed record SimulatorOptions
{
    public int Users { get; init; } = 1000;
    public int Seed { get; init; } = 7;
    public string Urls { get; init; } = "http://127.0.0.1:0";

    /// <summary>
    /// When set, the simulator reads time from it and refuses the control API's clock calls (409), unless it is a
    /// <see cref="Clock.SimulatorClock"/>: that one the control API moves, for everyone who shares it.
    /// </summary>
    public TimeProvider? Clock { get; init; }

    public TimeSpan AccessTokenLifetime { get; init; } = TimeSpan.FromDays(14);
    public TimeSpan RefreshTokenLifetime { get; init; } = TimeSpan.FromDays(90);
    public bool RotateRefreshTokens { get; init; } = true;
    public int EventsPerActiveUserPer60Days { get; init; } = 20;
    public int ActivityDays { get; init; } = 120;

    /// <summary>
    /// How long after a session ends it shows in <c>/v1/meetingReports/usage</c>. Default zero: as soon as it ended.
    /// Real Webex makes report data available within 24 hours after the meeting ends; set 24 h to test for that lag.
    /// </summary>
    public TimeSpan UsageReportDelay { get; init; } = TimeSpan.Zero;

    /// <summary>Redirect URIs registered for the org's OAuth client; /v1/authorize accepts only exact matches.</summary>
    public IReadOnlyList<string> RedirectUris { get; init; } =
        ["http://localhost:5000/oauth/callback", "http://127.0.0.1:5000/oauth/callback"];
}
