namespace ProfileEngine.WebexSimulator.ScimApp;

/// <summary>
/// One user of the SCIM app. Immutable: the state replaces the record on every change, so a list handed out
/// (to a request or a test) never changes under its reader. Group membership lives on <see cref="ScimGroup"/>.
/// </summary>
public sealed record ScimUser
{
    public required string Id { get; init; }
    public required string UserName { get; init; }
    public string? GivenName { get; init; }
    public string? FamilyName { get; init; }
    public required string DisplayName { get; init; }

    /// <summary>The one (primary, work) address in <c>emails</c>.</summary>
    public required string Email { get; init; }

    public bool Active { get; init; } = true;
    public IReadOnlyList<ScimEntitlement> Entitlements { get; init; } = [];
    public IReadOnlyList<string> Roles { get; init; } = [];
    public string? EmployeeNumber { get; init; }
    public string? Department { get; init; }

    /// <summary>Last sign-in, written in the activity extension; null = never signed in (the attribute is left out).</summary>
    public DateTimeOffset? LastLogin { get; init; }

    public required DateTimeOffset Created { get; init; }
    public required DateTimeOffset LastModified { get; init; }

    /// <summary>Goes up by one on every change; the ETag is <c>W/"Version"</c>.</summary>
    public int Version { get; init; } = 1;

    public string ETag => $"W/\"{Version}\"";

    public bool HasEntitlement(string value) => Entitlements.Any(e => string.Equals(e.Value, value, StringComparison.Ordinal));
}

/// <summary>An entitlement (the app's plan or license) as RFC 7643 §4.1.2 lists them: a value and a display name.</summary>
public sealed record ScimEntitlement(string Value, string? Display = null);

/// <summary>A group and the ids of its member users.</summary>
public sealed record ScimGroup
{
    public required string Id { get; init; }
    public required string DisplayName { get; init; }
    public IReadOnlyList<string> MemberIds { get; init; } = [];
    public required DateTimeOffset Created { get; init; }
    public required DateTimeOffset LastModified { get; init; }
    public int Version { get; init; } = 1;

    public string ETag => $"W/\"{Version}\"";
}
