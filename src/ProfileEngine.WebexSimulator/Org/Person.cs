namespace ProfileEngine.WebexSimulator.Org;

public enum PersonType : byte
{
    Person,
    Bot,
    AppUser,
}

/// <summary>
/// One member of the simulated org. <see cref="Ordinal"/> is its place in <see cref="OrgData.AllPeople"/>,
/// never reused, and the key the REST listing pages on. Mutated only under the org's write lock.
/// </summary>
public sealed class Person
{
    public required int Ordinal { get; init; }
    public required Guid Uuid { get; init; }
    public required string Id { get; init; }
    public required string Email { get; set; }
    public required string DisplayName { get; set; }
    public string? FirstName { get; set; }
    public string? LastName { get; set; }
    public string? NickName { get; set; }
    public string? Title { get; set; }
    public string? Department { get; set; }
    public string? Timezone { get; set; }

    /// <summary>The same list in People (<c>phoneNumbers</c>) and SCIM (<c>phoneNumbers</c>).</summary>
    public IReadOnlyList<PhoneNumber> PhoneNumbers { get; set; } = [];
    public PersonType Type { get; set; }
    public bool InvitePending { get; set; }
    public bool LoginEnabled { get; set; } = true;
    public required DateTimeOffset Created { get; init; }
    public DateTimeOffset LastModified { get; set; }
    public DateTimeOffset? LastActivity { get; set; }

    /// <summary>Bit i set = holds <see cref="OrgData.Licenses"/>[i].</summary>
    public ulong LicenseBits { get; set; }

    /// <summary>Indexes into <see cref="OrgData.Roles"/>.</summary>
    public IReadOnlyList<int> RoleIndexes { get; set; } = [];

    public string TypeName => Type switch
    {
        PersonType.Bot => "bot",
        PersonType.AppUser => "appuser",
        _ => "person",
    };

    public bool Holds(int licenseIndex) => (LicenseBits & (1UL << licenseIndex)) != 0;

    /// <summary>Records activity at <paramref name="at"/>; last activity only ever moves forward.</summary>
    public void Touch(DateTimeOffset at)
    {
        if (LastActivity is null || at > LastActivity)
        {
            LastActivity = at;
        }
    }
}
