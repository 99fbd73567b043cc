using ProfileEngine.Connectors.Scim.Client;
using ProfileEngine.Reclamation;

namespace ProfileEngine.Connectors.Scim.Reclamation;

/// <summary>What the SCIM reclaim activities ask the application about a candidate's holder.</summary>
internal static class ScimReclaimTarget
{
    /// <summary>Whether the holder still holds the candidate's license: false when the user is gone, inactive or without it.</summary>
    public static bool StillHolds(ScimUserRecord? user, RemovalCandidate candidate) =>
        user is { Active: true } && user.Licenses.Any(l => string.Equals(l.Identifier, candidate.Identifier, StringComparison.Ordinal));

    /// <summary>A SCIM filter string literal (RFC 7644 §3.4.2.2: JSON string rules).</summary>
    public static string Quote(string value) => System.Text.Json.JsonSerializer.Serialize(value);
}
