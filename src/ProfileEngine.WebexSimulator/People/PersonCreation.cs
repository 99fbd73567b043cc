using ProfileEngine.WebexSimulator.Generation;
using ProfileEngine.WebexSimulator.Json;
using ProfileEngine.WebexSimulator.Org;

namespace ProfileEngine.WebexSimulator.People;

/// <summary>
/// Body of <c>POST /v1/people</c> (Create a Person): <c>emails</c> required (only the first is used), at least one
/// of <c>displayName</c>, <c>firstName</c>, <c>lastName</c>; <c>phoneNumbers</c> of type <c>work</c> only.
/// </summary>
public sealed record PersonCreation
{
    public IReadOnlyList<string>? Emails { get; init; }
    public IReadOnlyList<PhoneNumberInput>? PhoneNumbers { get; init; }
    public string? DisplayName { get; init; }
    public string? FirstName { get; init; }
    public string? LastName { get; init; }
    public string? NickName { get; init; }
    public string? OrgId { get; init; }
    public IReadOnlyList<string>? Roles { get; init; }
    public IReadOnlyList<string>? Licenses { get; init; }
    public string? Department { get; init; }
    public string? Title { get; init; }

    public sealed record PhoneNumberInput(string? Type, string? Value);

    /// <summary>Why the person cannot be created: the HTTP status, the message and the Webex error code if any.</summary>
    public sealed record Failure(int Status, string Message, int? Code = null);

    /// <summary>Validates everything, then adds the person to <paramref name="org"/>; returns the failure or the person.</summary>
    public (Person? Created, Failure? Failure) CreateIn(OrgData org, int seed, DateTimeOffset now)
    {
        var email = Emails is { Count: > 0 } ? Emails[0]?.Trim() : null;
        if (string.IsNullOrEmpty(email) || !email.Contains('@', StringComparison.Ordinal))
        {
            return (null, new Failure(400, "emails is required: one email address."));
        }

        if (string.IsNullOrWhiteSpace(DisplayName) && string.IsNullOrWhiteSpace(FirstName) && string.IsNullOrWhiteSpace(LastName))
        {
            return (null, new Failure(400, "At least one of displayName, firstName and lastName is required."));
        }

        if (OrgId is { Length: > 0 } && OrgId != org.OrgId)
        {
            return (null, new Failure(403, "Not authorized to create people in that organization."));
        }

        if (org.PeopleByEmail.ContainsKey(email))
        {
            return (null, new Failure(409, $"A person with email {email} already exists."));
        }

        var phones = new List<PhoneNumber>();
        foreach (var number in PhoneNumbers ?? [])
        {
            if (number.Type != PhoneNumber.Work || string.IsNullOrWhiteSpace(number.Value))
            {
                return (null, new Failure(400, "phoneNumbers take a type 'work' and a value."));
            }

            phones.Add(new PhoneNumber(PhoneNumber.Work, number.Value, Primary: phones.Count == 0));
        }

        var roles = new List<int>();
        foreach (var roleId in Roles ?? [])
        {
            var index = org.RoleIndex(roleId);
            if (index < 0)
            {
                return (null, new Failure(400, $"Role {roleId} not recognized."));
            }

            roles.Add(index);
        }

        // Screen share is assigned by the system to every person (see the implicit license in the catalog).
        var bits = 1UL << OrgGenerator.ScreenShareLicense;
        foreach (var id in Licenses ?? [])
        {
            if (org.FindLicense(id) is not { } license)
            {
                return (null, new Failure(400, "License not recognized", 400000));
            }

            bits |= 1UL << license.Index;
        }

        var uuid = WebexId.DerivedUuid(seed, SimulatorState.AddedPersonIdKind, org.AllPeople.Count);
        var person = new Person
        {
            Ordinal = org.AllPeople.Count,
            Uuid = uuid,
            Id = WebexId.Encode("PEOPLE", uuid),
            Email = email,
            DisplayName = string.IsNullOrWhiteSpace(DisplayName) ? $"{FirstName} {LastName}".Trim() : DisplayName,
            FirstName = FirstName,
            LastName = LastName,
            NickName = NickName,
            Department = Department,
            Title = Title,
            PhoneNumbers = phones,
            RoleIndexes = roles,
            LicenseBits = bits,
            // A created user has not accepted the invitation nor signed in yet.
            InvitePending = true,
            Created = now,
            LastModified = now,
        };
        org.Add(person);
        return (person, null);
    }
}
