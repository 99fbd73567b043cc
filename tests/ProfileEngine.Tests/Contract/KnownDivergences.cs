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
        new("webex-admin.json", "#/components/schemas/AccountStatusObject", ViolationKind.TypeMismatch,
            "The SCIM schema types the Cisco extension's accountStatus as one string, but the same spec's examples "
            + "return an array (\"accountStatus\": [\"active\"]), its description says \"An array of additional "
            + "information\", and Webex's SCIM schema resource in the spec marks it multiValued: true."),
        new("webex-admin.json", "#/components/schemas/SearchGetUserResponse/properties/urn:scim:schemas:extension:cisco:webexidentity:2.0:User",
            ViolationKind.UndeclaredProperty,
            "The Cisco extension's meta {organizationId} is absent from the schema but present in the spec's own "
            + "SCIM user examples; WEBEX-API.md §4.10 lists it.",
            Property: "meta"),
        new("webex-admin.json", "#/components/schemas/GetUserResponse/properties/urn:scim:schemas:extension:cisco:webexidentity:2.0:User",
            ViolationKind.UndeclaredProperty,
            "As for the search answer: the single-user (GET /Users/{userId}) schema lacks the Cisco extension's meta "
            + "{organizationId} that the spec's own user examples carry.",
            Property: "meta"),
        new("webex-admin.json", "#/components/schemas/SiteResponse/properties/accountType", ViolationKind.NotInEnum,
            "The spec's enum is attendee|host; the real PATCH /v1/licenses/users answers ATTENDEE|HOST. Evidence: "
            + "jeokrohn/wxc_sdk wxc_sdk/licenses/__init__.py SiteAccountType = 'ATTENDEE'/'HOST', commit 1a2e0135 "
            + "(2024-11-25) \"SiteAccountType apparently is all caps\", regenerated from the spec in ec9b5128 and set "
            + "back to caps in bbb46bed (2026-05-29) \"model changes based on unit tests\"."),
    ];

    public static bool Excuses(string specFile, SchemaViolation violation) =>
        All.Any(d => d.Matches(specFile, violation));
}

/// <summary>A known difference; <paramref name="Property"/> narrows an undeclared-property entry to that one name.</summary>
public sealed record Divergence(string SpecFile, string SchemaLocation, ViolationKind Kind, string Reason, string? Property = null)
{
    public bool Matches(string specFile, SchemaViolation violation) =>
        specFile == SpecFile
        && violation.Kind == Kind
        && violation.SchemaLocation == SchemaLocation
        && (Property is null || violation.InstancePath.EndsWith("." + Property, StringComparison.Ordinal));
}
