using ProfileEngine.WebexSimulator.Org;

namespace ProfileEngine.WebexSimulator.People;

/// <summary>
/// Body of <c>PUT /v1/people/{id}</c>, a full replace: optional text fields and roles left out are cleared.
/// Left-out <c>emails</c>, <c>licenses</c> and <c>loginEnabled</c> keep their values.
/// </summary>
public sealed record PersonReplacement
{
    public IReadOnlyList<string>? Emails { get; init; }
    public string? DisplayName { get; init; }
    public string? FirstName { get; init; }
    public string? LastName { get; init; }
    public string? NickName { get; init; }
    public string? Title { get; init; }
    public string? Department { get; init; }
    public string? Timezone { get; init; }
    public IReadOnlyList<string>? Roles { get; init; }
    public IReadOnlyList<string>? Licenses { get; init; }
    public bool? LoginEnabled { get; init; }

    public sealed record Failure(string Message, int? Code);

    /// <summary>Validates everything first, then changes the person; returns the failure or null.</summary>
    public Failure? ApplyTo(Person person, OrgData org, DateTimeOffset now)
    {
        var roleIndexes = new List<int>();
        foreach (var roleId in Roles ?? [])
        {
            var index = org.RoleIndex(roleId);
            if (index < 0)
            {
                return new Failure($"Role {roleId} not recognized.", null);
            }

            roleIndexes.Add(index);
        }

        var bits = person.LicenseBits;
        if (Licenses is not null)
        {
            bits = 0;
            foreach (var id in Licenses)
            {
                if (org.FindLicense(id) is not { } license)
                {
                    return new Failure("License not recognized", 400000);
                }

                bits |= 1UL << license.Index;
            }

            foreach (var license in org.Licenses)
            {
                if (license.Implicit && person.Holds(license.Index) && (bits & (1UL << license.Index)) == 0)
                {
                    return new Failure($"Screen Share {license.Name} is implicitly assigned and cannot be removed", 700006);
                }
            }
        }

        var email = Emails is { Count: > 0 } ? Emails[0] : person.Email;
        if (!string.Equals(email, person.Email, StringComparison.OrdinalIgnoreCase) && org.PeopleByEmail.ContainsKey(email))
        {
            return new Failure($"Email {email} is already used by another person.", null);
        }

        org.ChangeEmail(person, email);
        person.DisplayName = DisplayName!;
        person.FirstName = FirstName;
        person.LastName = LastName;
        person.NickName = NickName;
        person.Title = Title;
        person.Department = Department;
        person.Timezone = Timezone;
        person.RoleIndexes = roleIndexes;
        person.LicenseBits = bits;
        person.LoginEnabled = LoginEnabled ?? person.LoginEnabled;
        person.LastModified = now;
        return null;
    }
}
