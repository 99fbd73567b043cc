namespace ProfileEngine.Users;

/// <summary>
/// The engine's roles. A person may hold several; the bootstrap admin holds all of them.
/// </summary>
public static class EngineRoles
{
    /// <summary>Profiles, aliases, rules, exclusions, definitions, templates, entitlements, users.</summary>
    public const string Admin = "sam_admin";

    /// <summary>Connections, Validate Connection, publish, jobs (run now, retry).</summary>
    public const string Operator = "sam_operator";

    /// <summary>The removal-candidate queue.</summary>
    public const string Reviewer = "sam_reviewer";

    /// <summary>Reads everything, changes nothing.</summary>
    public const string ReadOnly = "sam_read_only";

    public static IReadOnlyList<string> All { get; } = [Admin, Operator, Reviewer, ReadOnly];

    public static bool IsKnown(string role) => All.Contains(role, StringComparer.Ordinal);
}
