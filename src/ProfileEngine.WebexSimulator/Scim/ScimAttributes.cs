using ProfileEngine.WebexSimulator.Org;

namespace ProfileEngine.WebexSimulator.Scim;

/// <summary>
/// The attribute values a SCIM filter compares: strings, booleans or times, zero or more per attribute (a multi-valued
/// attribute such as <c>emails.value</c> has one per element). Names are lower case, without a schema URN prefix.
/// </summary>
public interface IScimAttributes
{
    IEnumerable<object> Values(string attribute);

    /// <summary>The elements of a multi-valued attribute (<c>emails</c>, <c>phoneNumbers</c>, <c>roles</c>), for value filters.</summary>
    IEnumerable<IScimAttributes> Elements(string attribute);
}

/// <summary>A SCIM user (a simulated person) as filters see it, with the attributes Webex documents as filterable.</summary>
public sealed class ScimUserAttributes(Person person, OrgData org) : IScimAttributes
{
    public IEnumerable<object> Values(string attribute)
    {
        var dot = attribute.IndexOf('.', StringComparison.Ordinal);
        if (dot > 0 && attribute[..dot] is "emails" or "phonenumbers" or "roles")
        {
            var sub = attribute[(dot + 1)..];
            return Elements(attribute[..dot]).SelectMany(e => e.Values(sub));
        }

        if (attribute is "emails" or "phonenumbers" or "roles")
        {
            return Elements(attribute).SelectMany(e => e.Values("value"));
        }

        object? value = attribute switch
        {
            "username" => person.Email,
            "displayname" => person.DisplayName,
            "nickname" => person.NickName,
            "id" => person.Uuid.ToString(),
            "name.givenname" => person.FirstName,
            "name.familyname" => person.LastName,
            "name.formatted" => person.FirstName is null && person.LastName is null ? null : $"{person.FirstName} {person.LastName}".Trim(),
            "name.middlename" => null,
            "title" => person.Title,
            "department" => person.Department,
            "timezone" => person.Timezone,
            "usertype" => "user",
            "active" => person.LoginEnabled,
            "meta.created" => person.Created,
            "meta.lastmodified" => person.LastModified,
            "meta.organizationid" => org.OrgUuid.ToString(),
            _ => throw new ScimFilterException($"Filtering on attribute '{attribute}' is not supported."),
        };
        return value is null ? [] : [value];
    }

    public IEnumerable<IScimAttributes> Elements(string attribute) => attribute switch
    {
        "emails" => [new Element(("value", person.Email), ("type", "work"), ("primary", true))],
        "phonenumbers" => person.PhoneNumbers.Select(n => new Element(("value", n.Value), ("type", n.Type), ("primary", n.Primary))),
        "roles" => person.RoleIndexes.Select(i => new Element(("value", org.Roles[i].ScimValue), ("type", "cirole"), ("display", org.Roles[i].Name))),
        _ => throw new ScimFilterException($"'{attribute}' is not a multi-valued attribute that a value filter ([...]) applies to."),
    };

    /// <summary>One element of a multi-valued attribute: its sub-attributes by lower-case name.</summary>
    private sealed class Element(params (string Name, object Value)[] fields) : IScimAttributes
    {
        public IEnumerable<object> Values(string attribute)
        {
            foreach (var (name, value) in fields)
            {
                if (name == attribute)
                {
                    return [value];
                }
            }

            return attribute is "value" or "type" or "primary" or "display"
                ? []
                : throw new ScimFilterException($"Sub-attribute '{attribute}' is not supported in a value filter.");
        }

        public IEnumerable<IScimAttributes> Elements(string attribute) =>
            throw new ScimFilterException("Value filters ([...]) do not nest.");
    }
}
