namespace ProfileEngine.Tests.Contract;

/// <summary>
/// Where the real Webex service is known to answer differently from its own OpenAPI file, and so the simulator
/// follows the service. Each entry names the spec location, the kind of difference and the evidence.
/// No other difference from the spec is allowed (see <see cref="SimulatorContractTests"/>).
/// </summary>
public static class KnownDivergences
{
    public static readonly IReadOnlyList<Divergence> All =
    [
        new("webex-admin.json", "#/components/schemas/Person/properties/invitePending", ViolationKind.TypeMismatch,
            "The spec types invitePending as the string enum 'true'|'false'; real responses carry JSON booleans "
            + "(real cURL output of /v1/people in the WebexOne 2026 lab; wxc_sdk types it Optional[bool]). WEBEX-API.md §4.1."),
        new("webex-admin.json", "#/components/schemas/Person/properties/loginEnabled", ViolationKind.TypeMismatch,
            "The spec types loginEnabled as the string enum 'true'|'false'; real responses carry JSON booleans "
            + "(same evidence as invitePending). WEBEX-API.md §4.1."),
        new("webex-admin.json", "#/components/schemas/License/properties/consumedByUsers", ViolationKind.NullNotAllowed,
            "Free and implicit licenses (Basic Messaging, Free screen share) report consumedByUsers as null in real "
            + "/v1/licenses output (WebexOne 2026 lab); the spec types it as a non-nullable number. WEBEX-API.md §4.3."),
        new("webex-admin.json", "#/components/schemas/License/properties/consumedByWorkspaces", ViolationKind.NullNotAllowed,
            "As consumedByUsers: null on free and implicit licenses in real output. WEBEX-API.md §4.3."),
    ];

    public static bool Excuses(string specFile, SchemaViolation violation) =>
        All.Any(d => d.Matches(specFile, violation));
}

public sealed record Divergence(string SpecFile, string SchemaLocation, ViolationKind Kind, string Reason)
{
    public bool Matches(string specFile, SchemaViolation violation) =>
        specFile == SpecFile && violation.Kind == Kind && violation.SchemaLocation == SchemaLocation;
}
