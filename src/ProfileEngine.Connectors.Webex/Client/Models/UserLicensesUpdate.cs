namespace ProfileEngine.Connectors.Webex.Models;

/// <summary>The body of <c>PATCH /v1/licenses/users</c>: give <see cref="PersonId"/> or <see cref="Email"/>.</summary>
public sealed record UserLicensesUpdate
{
    public string? PersonId { get; init; }
    public string? Email { get; init; }
    public string? OrgId { get; init; }
    public IReadOnlyList<LicenseOperation> Licenses { get; init => field = value ?? []; } = [];

    public static UserLicensesUpdate RemoveLicense(string personId, string licenseId) => new()
    {
        PersonId = personId,
        Licenses = [new LicenseOperation(licenseId, LicenseOperation.Remove)],
    };
}

public sealed record LicenseOperation(string Id, string Operation = LicenseOperation.Add)
{
    public const string Add = "add";
    public const string Remove = "remove";
}

/// <summary>The answer of <c>PATCH /v1/licenses/users</c> (200 and 206 share this shape).</summary>
public sealed record UserLicensesResponse
{
    public string? OrgId { get; init; }
    public string? PersonId { get; init; }
    public string? Email { get; init; }

    /// <summary>The licenses the person holds after the change.</summary>
    public IReadOnlyList<string> Licenses { get; init => field = value ?? []; } = [];

    public IReadOnlyList<SiteUrlAssignment> SiteUrls { get; init => field = value ?? []; } = [];
    public IReadOnlyList<string> PendingLicenses { get; init => field = value ?? []; } = [];
    public IReadOnlyList<SiteUrlAssignment> PendingSiteUrls { get; init => field = value ?? []; } = [];

    /// <summary>Present when Webex explains a partial (206) result.</summary>
    public string? Message { get; init; }

    public IReadOnlyList<WebexErrorDetail> Errors { get; init => field = value ?? []; } = [];
    public string? TrackingId { get; init; }
}

public sealed record SiteUrlAssignment(string? SiteUrl, string? AccountType);

/// <summary>
/// The outcome of a license change. <see cref="IsPartial"/> is Webex's 206: some requested operations were not
/// applied; <see cref="NotApplied"/> lists them (found by comparing the requested and returned licenses).
/// </summary>
public sealed record LicenseUpdateResult(
    bool IsPartial,
    UserLicensesResponse Response,
    IReadOnlyList<LicenseOperation> NotApplied);
