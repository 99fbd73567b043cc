using System.Text.Json;

namespace ProfileEngine.WebexSimulator.ScimApp;

/// <summary>
/// Applies PatchOp operations to a user, all or nothing (RFC 7644 §3.5.2). Writable: <c>active</c>, <c>userName</c>,
/// <c>displayName</c>, <c>name</c> (and its givenName/familyName), <c>emails</c>, <c>entitlements</c>, <c>roles</c> and the
/// enterprise <c>employeeNumber</c>/<c>department</c>. <c>id</c>, <c>meta</c>, <c>groups</c> (change the Group instead) and the
/// activity extension are read-only (400 mutability). A value filter that selects nothing is 400 noTarget.
/// Returns <paramref name="user"/> itself when nothing changed.
/// </summary>
public static class UserPatch
{
    public static ScimUser Apply(ScimUser user, IReadOnlyList<PatchOperation> operations, ScimAppOptions options)
    {
        var next = user;
        foreach (var operation in operations)
        {
            next = operation.Path is { } path
                ? ApplyAt(next, operation.Op, path, operation.Value, options)
                : ApplyObject(next, operation.Op, operation.Value!.Value, options);
        }

        return IsSame(user, next) ? user : next;
    }

    /// <summary>An add or replace without a path: each member of the value object is a path of its own.</summary>
    private static ScimUser ApplyObject(ScimUser user, string op, JsonElement value, ScimAppOptions options)
    {
        foreach (var member in value.EnumerateObject())
        {
            if (string.Equals(member.Name, ScimSchemas.EnterpriseUser, StringComparison.OrdinalIgnoreCase) && member.Value.ValueKind == JsonValueKind.Object)
            {
                foreach (var inner in member.Value.EnumerateObject())
                {
                    user = ApplyAt(user, op, PatchPath.Parse(inner.Name), inner.Value, options);
                }
            }
            else if (string.Equals(member.Name, options.ActivitySchema, StringComparison.OrdinalIgnoreCase))
            {
                throw ReadOnly(member.Name);
            }
            else if (!string.Equals(member.Name, "schemas", StringComparison.OrdinalIgnoreCase))
            {
                user = ApplyAt(user, op, PatchPath.Parse(member.Name), member.Value, options);
            }
        }

        return user;
    }

    private static ScimUser ApplyAt(ScimUser user, string op, PatchPath path, JsonElement? value, ScimAppOptions options)
    {
        if (path.Attribute.StartsWith(options.ActivitySchema.ToLowerInvariant(), StringComparison.Ordinal))
        {
            throw ReadOnly(path.Attribute);
        }

        if (path.Filter is not null && path.Attribute is not ("entitlements" or "roles" or "emails"))
        {
            throw ScimException.BadRequest("invalidPath", $"'{path.Attribute}' is not a multi-valued attribute a filter applies to.");
        }

        var remove = op == "remove";
        return path.Attribute switch
        {
            "active" => remove ? throw Required("active") : user with { Active = Boolean(value!.Value, "active") },
            "username" => remove ? throw Required("userName") : user with { UserName = Text(value!.Value, "userName") },
            "displayname" => remove ? throw Required("displayName") : user with { DisplayName = Text(value!.Value, "displayName") },
            "name.givenname" => user with { GivenName = remove ? null : Text(value!.Value, "name.givenName") },
            "name.familyname" => user with { FamilyName = remove ? null : Text(value!.Value, "name.familyName") },
            "name" => remove
                ? user with { GivenName = null, FamilyName = null }
                : user with { GivenName = Member(value!.Value, "givenName") ?? user.GivenName, FamilyName = Member(value.Value, "familyName") ?? user.FamilyName },
            "employeenumber" => user with { EmployeeNumber = remove ? null : Text(value!.Value, "employeeNumber") },
            "department" => user with { Department = remove ? null : Text(value!.Value, "department") },
            "emails" or "emails.value" => remove ? throw Required("emails") : user with { Email = PrimaryEmail(path, value!.Value) },
            "entitlements" => user with
            {
                Entitlements = MultiValued(user.Entitlements, op, path, value, e => e.Value,
                    e => new ScimElement(("value", e.Value), ("display", e.Display)), ReadEntitlement),
            },
            "roles" => user with
            {
                Roles = MultiValued(user.Roles, op, path, value, r => r, r => new ScimElement(("value", r)), v => Member(v, "value") ?? Text(v, "roles.value")),
            },
            "id" or "meta" or "groups" or "schemas" or "password" => throw ReadOnly(path.Attribute),
            _ when path.Attribute.StartsWith("meta.", StringComparison.Ordinal) || path.Attribute.StartsWith("groups", StringComparison.Ordinal) => throw ReadOnly(path.Attribute),
            _ => throw ScimException.BadRequest("invalidPath", $"The user has no attribute '{path.Attribute}' that can be patched."),
        };
    }

    /// <summary>
    /// add appends the values not held yet; replace sets the whole list (or, with a filter, replaces the selected elements);
    /// remove drops the selected elements, the listed values, or everything.
    /// </summary>
    internal static IReadOnlyList<T> MultiValued<T>(
        IReadOnlyList<T> current, string op, PatchPath path, JsonElement? value,
        Func<T, string> key, Func<T, ScimElement> asElement, Func<JsonElement, T> read)
    {
        if (path.SubAttribute is not null)
        {
            throw ScimException.BadRequest("invalidPath", $"Patching a sub-attribute of {path.Attribute} is not supported; patch whole elements.");
        }

        var selected = path.Filter is null ? current : [.. current.Where(e => path.Selects(asElement(e)))];
        if (path.Filter is not null && selected.Count == 0)
        {
            throw ScimException.BadRequest("noTarget", $"No {path.Attribute} element matches the filter.");
        }

        switch (op)
        {
            case "add":
                var added = Values(value!.Value, read);
                return [.. current, .. added.Where(a => !current.Any(c => key(c) == key(a))).DistinctBy(key)];
            case "replace" when path.Filter is null:
                return [.. Values(value!.Value, read).DistinctBy(key)];
            case "replace":
                var replacement = Values(value!.Value, read);
                return [.. current.Where(e => !selected.Contains(e)), .. replacement];
            default:
                if (path.Filter is not null)
                {
                    return [.. current.Where(e => !selected.Contains(e))];
                }

                if (value is { } listed)
                {
                    var keys = Values(listed, read).Select(key).ToHashSet(StringComparer.Ordinal);
                    return [.. current.Where(e => !keys.Contains(key(e)))];
                }

                return [];
        }
    }

    private static List<T> Values<T>(JsonElement value, Func<JsonElement, T> read) =>
        value.ValueKind == JsonValueKind.Array ? [.. value.EnumerateArray().Select(read)] : [read(value)];

    private static ScimEntitlement ReadEntitlement(JsonElement value) => value.ValueKind == JsonValueKind.String
        ? new ScimEntitlement(value.GetString()!)
        : new ScimEntitlement(
            Member(value, "value") ?? throw ScimException.BadRequest("invalidValue", "An entitlement needs a \"value\"."),
            Member(value, "display"));

    private static string PrimaryEmail(PatchPath path, JsonElement value)
    {
        if (path.Attribute == "emails.value" || path.SubAttribute == "value")
        {
            return Text(value, "emails.value");
        }

        var emails = value.ValueKind == JsonValueKind.Array ? [.. value.EnumerateArray()] : new List<JsonElement> { value };
        var primary = emails.FirstOrDefault(e => e.ValueKind == JsonValueKind.Object && e.TryGetProperty("primary", out var p) && p.ValueKind == JsonValueKind.True);
        return Member(primary.ValueKind == JsonValueKind.Object ? primary : emails.FirstOrDefault(), "value")
            ?? throw ScimException.BadRequest("invalidValue", "emails needs an element with a \"value\".");
    }

    private static string? Member(JsonElement value, string name)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var member in value.EnumerateObject())
        {
            if (string.Equals(member.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return member.Value.ValueKind == JsonValueKind.String ? member.Value.GetString()
                    : throw ScimException.BadRequest("invalidValue", $"'{name}' must be a string.");
            }
        }

        return null;
    }

    private static string Text(JsonElement value, string attribute) =>
        value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? text
            : throw ScimException.BadRequest("invalidValue", $"{attribute} must be a non-empty string.");

    // Entra ID sends booleans as the strings "True"/"False"; SCIM apps commonly accept both.
    private static bool Boolean(JsonElement value, string attribute) => value.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.String when bool.TryParse(value.GetString(), out var parsed) => parsed,
        _ => throw ScimException.BadRequest("invalidValue", $"{attribute} must be true or false."),
    };

    private static ScimException ReadOnly(string attribute) =>
        ScimException.BadRequest("mutability", $"'{attribute}' is read-only.");

    private static ScimException Required(string attribute) =>
        ScimException.BadRequest("invalidValue", $"'{attribute}' is required and cannot be removed.");

    private static bool IsSame(ScimUser a, ScimUser b) =>
        a == b with { Entitlements = a.Entitlements, Roles = a.Roles }
        && a.Entitlements.SequenceEqual(b.Entitlements) && a.Roles.SequenceEqual(b.Roles);
}
