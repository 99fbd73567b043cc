using System.Text.Json.Serialization;

namespace ProfileEngine.Connectors.Webex.Models;

/// <summary>A SCIM 2 user (<c>GET /identity/scim/{orgUuid}/v2/Users</c>). Ids are raw UUIDs, not REST ids.</summary>
public sealed record ScimUser
{
    public IReadOnlyList<string> Schemas { get; init => field = value ?? []; } = [];
    public required string Id { get; init; }
    public string? UserName { get; init; }

    /// <summary>Whether the user may sign in.</summary>
    public bool? Active { get; init; }

    public ScimName? Name { get; init; }
    public string? DisplayName { get; init; }
    public string? NickName { get; init; }
    public IReadOnlyList<ScimEmail> Emails { get; init => field = value ?? []; } = [];

    /// <summary>user, room, external_calling or calling_service.</summary>
    public string? UserType { get; init; }

    public string? Title { get; init; }
    public string? ExternalId { get; init; }
    public string? Timezone { get; init; }
    public string? PreferredLanguage { get; init; }
    public IReadOnlyList<ScimRole> Roles { get; init => field = value ?? []; } = [];
    public ScimMeta? Meta { get; init; }

    [JsonPropertyName("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User")]
    public ScimEnterpriseExtension? Enterprise { get; init; }

    [JsonPropertyName("urn:scim:schemas:extension:cisco:webexidentity:2.0:User")]
    public ScimWebexExtension? Webex { get; init; }
}

public sealed record ScimName(string? GivenName, string? FamilyName, string? MiddleName);

public sealed record ScimEmail(string? Value, string? Type, string? Display, bool? Primary);

public sealed record ScimRole(string? Value, string? Type, string? Display);

public sealed record ScimMeta(string? ResourceType, DateTimeOffset? Created, DateTimeOffset? LastModified, string? Version, string? Location);

public sealed record ScimEnterpriseExtension
{
    public string? Department { get; init; }
    public string? Division { get; init; }
    public string? Organization { get; init; }
    public string? CostCenter { get; init; }
    public string? EmployeeNumber { get; init; }
    public ScimManager? Manager { get; init; }
}

public sealed record ScimManager(string? Value, string? DisplayName);

public sealed record ScimWebexExtension
{
    /// <summary>active, pending, transient, disabled, fraud, ...</summary>
    public IReadOnlyList<string> AccountStatus { get; init => field = value ?? []; } = [];
}

public sealed record ScimUserQuery
{
    /// <summary>An RFC 7644 filter, e.g. <c>userName eq "a@example.com"</c>; null lists everyone.</summary>
    public string? Filter { get; init; }

    /// <summary>userName, id or meta.lastModified.</summary>
    public string? SortBy { get; init; }

    /// <summary>ascending or descending.</summary>
    public string? SortOrder { get; init; }

    /// <summary>Page size (SCIM <c>count</c>).</summary>
    public int? Count { get; init; }
}
