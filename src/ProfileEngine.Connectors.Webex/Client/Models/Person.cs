using System.Text.Json.Serialization;

namespace ProfileEngine.Connectors.Webex.Models;

/// <summary>A Webex user as returned by <c>GET /v1/people</c> (admin payload).</summary>
[JsonConverter(typeof(PersonJsonConverter))]
public sealed record Person
{
    public required string Id { get; init; }
    public IReadOnlyList<string> Emails { get; init => field = value ?? []; } = [];
    public IReadOnlyList<PhoneNumber> PhoneNumbers { get; init => field = value ?? []; } = [];
    public string? Extension { get; init; }
    public string? LocationId { get; init; }
    public string? DisplayName { get; init; }
    public string? NickName { get; init; }
    public string? FirstName { get; init; }
    public string? LastName { get; init; }
    public string? Avatar { get; init; }
    public string? OrgId { get; init; }
    public IReadOnlyList<string> Roles { get; init => field = value ?? []; } = [];
    public IReadOnlyList<string> Licenses { get; init => field = value ?? []; } = [];
    public string? Department { get; init; }
    public string? Manager { get; init; }
    public string? ManagerId { get; init; }
    public string? Title { get; init; }
    public IReadOnlyList<PostalAddress> Addresses { get; init => field = value ?? []; } = [];
    public DateTimeOffset? Created { get; init; }
    public DateTimeOffset? LastModified { get; init; }
    public string? Timezone { get; init; }

    /// <summary>Absent for people who never used Webex, for id lookups and when status sharing is off.</summary>
    public DateTimeOffset? LastActivity { get; init; }

    public IReadOnlyList<string> SiteUrls { get; init => field = value ?? []; } = [];
    public IReadOnlyList<SipAddress> SipAddresses { get; init => field = value ?? []; } = [];
    public string? XmppFederationJid { get; init; }

    /// <summary>Presence: active, call, DoNotDisturb, inactive, meeting, OutOfOffice, pending, presenting, unknown.</summary>
    public string? Status { get; init; }

    /// <summary>Webex sends a JSON boolean; the spec says the string "true"/"false"; both are read.</summary>
    public bool? InvitePending { get; init; }

    public bool? LoginEnabled { get; init; }

    /// <summary>person, bot or appuser.</summary>
    public string? Type { get; init; }

    public string? PrimaryEmail => Emails.Count > 0 ? Emails[0] : null;
}

public sealed record PhoneNumber(string? Type, string? Value, bool? Primary);

public sealed record SipAddress(string? Type, string? Value, bool? Primary);

public sealed record PostalAddress
{
    public string? Type { get; init; }
    public string? Country { get; init; }
    public string? Locality { get; init; }
    public string? Region { get; init; }
    public string? StreetAddress { get; init; }
    public string? PostalCode { get; init; }
}

/// <summary>Filters for <c>GET /v1/people</c>. <see cref="Max"/> is the page size, not a total cap.</summary>
public sealed record PeopleQuery
{
    public string? Email { get; init; }

    /// <summary>Starts-with match on the display name.</summary>
    public string? DisplayName { get; init; }

    /// <summary>Comma-separated role ids; admin only.</summary>
    public string? Roles { get; init; }

    public int? Max { get; init; }
}
