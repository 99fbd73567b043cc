using ProfileEngine.WebexSimulator.Scim;

namespace ProfileEngine.WebexSimulator.ScimApp;

/// <summary>
/// A user of the SCIM app as the shared <see cref="ScimFilter"/> sees it. Names arrive lower case with the core and
/// enterprise URNs already stripped; the activity extension's attribute is named with its URN
/// (<c>urn:…:activity:2.0:User:lastLogin</c>) or alone (<c>lastLogin</c>).
/// </summary>
public sealed class ScimUserFilterAttributes(ScimUser user, IReadOnlyList<ScimGroup> groups, ScimAppOptions options) : IScimAttributes
{
    private readonly string lastLogin = options.LastLoginAttribute.ToLowerInvariant();
    private readonly string qualifiedLastLogin = (options.ActivitySchema + ":" + options.LastLoginAttribute).ToLowerInvariant();

    public IEnumerable<object> Values(string attribute)
    {
        var dot = attribute.IndexOf('.', StringComparison.Ordinal);
        if (dot > 0 && IsMultiValued(attribute[..dot]))
        {
            var sub = attribute[(dot + 1)..];
            return Elements(attribute[..dot]).SelectMany(e => e.Values(sub));
        }

        if (IsMultiValued(attribute))
        {
            return Elements(attribute).SelectMany(e => e.Values("value"));
        }

        if (attribute == lastLogin || attribute == qualifiedLastLogin)
        {
            return user.LastLogin is { } at ? [at] : [];
        }

        object? value = attribute switch
        {
            "id" => user.Id,
            "username" => user.UserName,
            "displayname" => user.DisplayName,
            "name.givenname" => user.GivenName,
            "name.familyname" => user.FamilyName,
            "active" => user.Active,
            "employeenumber" => user.EmployeeNumber,
            "department" => user.Department,
            "meta.created" => user.Created,
            "meta.lastmodified" => user.LastModified,
            "meta.resourcetype" => "User",
            _ => throw new ScimFilterException($"Filtering on attribute '{attribute}' is not supported."),
        };
        return value is null ? [] : [value];
    }

    public IEnumerable<IScimAttributes> Elements(string attribute) => attribute switch
    {
        "emails" => [new ScimElement(("value", user.Email), ("type", "work"), ("primary", true))],
        "entitlements" => user.Entitlements.Select(e => new ScimElement(("value", e.Value), ("display", e.Display))),
        "roles" => user.Roles.Select(r => new ScimElement(("value", r))),
        "groups" => groups.Select(g => new ScimElement(("value", g.Id), ("display", g.DisplayName))),
        _ => throw new ScimFilterException($"'{attribute}' is not a multi-valued attribute that a value filter ([...]) applies to."),
    };

    private static bool IsMultiValued(string attribute) => attribute is "emails" or "entitlements" or "roles" or "groups";
}

/// <summary>A group as the shared <see cref="ScimFilter"/> sees it.</summary>
public sealed class ScimGroupFilterAttributes(ScimGroup group) : IScimAttributes
{
    public IEnumerable<object> Values(string attribute) => attribute switch
    {
        "id" => [group.Id],
        "displayname" => [group.DisplayName],
        "members" or "members.value" => group.MemberIds,
        "meta.created" => [group.Created],
        "meta.lastmodified" => [group.LastModified],
        _ => throw new ScimFilterException($"Filtering on attribute '{attribute}' is not supported."),
    };

    public IEnumerable<IScimAttributes> Elements(string attribute) => attribute == "members"
        ? group.MemberIds.Select(m => new ScimElement(("value", m)))
        : throw new ScimFilterException($"'{attribute}' is not a multi-valued attribute that a value filter ([...]) applies to.");
}

/// <summary>One element of a multi-valued attribute: its sub-attributes by lower-case name; absent ones have no value.</summary>
internal sealed class ScimElement(params (string Name, object? Value)[] fields) : IScimAttributes
{
    public IEnumerable<object> Values(string attribute)
    {
        foreach (var (name, value) in fields)
        {
            if (name == attribute)
            {
                return value is null ? [] : [value];
            }
        }

        return attribute is "value" or "display" or "type" or "primary"
            ? []
            : throw new ScimFilterException($"Sub-attribute '{attribute}' is not supported in a value filter.");
    }

    public IEnumerable<IScimAttributes> Elements(string attribute) =>
        throw new ScimFilterException("Value filters ([...]) do not nest.");
}
