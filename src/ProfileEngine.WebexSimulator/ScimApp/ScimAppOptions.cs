namespace ProfileEngine.WebexSimulator.ScimApp;

/// <summary>How the SCIM app simulator starts.</summary>
public sealed record ScimAppOptions
{
    public int Users { get; init; } = 200;
    public int Seed { get; init; } = 7;
    public string Urls { get; init; } = "http://127.0.0.1:0";

    /// <summary>Where the simulator reads time; pass the test's FakeTimeProvider to share it. Default: system time.</summary>
    public TimeProvider? Clock { get; init; }

    /// <summary>A long-lived API token the app accepts as <c>Authorization: Bearer</c> (many SCIM apps issue one in their admin UI).</summary>
    public string BearerToken { get; init; } = "scim-static-token";

    /// <summary>The OAuth 2.0 client that <c>POST /oauth/token</c> (client credentials grant) accepts.</summary>
    public string ClientId { get; init; } = "scim-client";

    public string ClientSecret { get; init; } = "scim-client-secret";
    public TimeSpan AccessTokenLifetime { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Largest <c>count</c> a list answers with; a bigger one is capped (RFC 7644 §3.4.2.4).</summary>
    public int MaxPageSize { get; init; } = 200;

    /// <summary>The schema URN of the extension carrying the last sign-in.</summary>
    public string ActivitySchema { get; init; } = ScimSchemas.Activity;

    /// <summary>The name of the last sign-in attribute inside <see cref="ActivitySchema"/>.</summary>
    public string LastLoginAttribute { get; init; } = ScimSchemas.LastLoginAttribute;
}
