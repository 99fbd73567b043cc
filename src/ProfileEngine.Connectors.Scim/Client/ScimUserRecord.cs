using System.Globalization;
using System.Text.Json;

namespace ProfileEngine.Connectors.Scim.Client;

/// <summary>One license a SCIM user holds: an entitlement or role value, or a group's id (with its name).</summary>
public sealed record ScimLicense(string Identifier, string Name);

/// <summary>A SCIM user as the connector reads it (RFC 7643 §4.1), with its licenses from the profile's source.</summary>
public sealed record ScimUserRecord(
    string Id,
    string UserName,
    string? DisplayName,
    bool Active,
    DateTimeOffset? Created,
    DateTimeOffset? LastModified,
    DateTimeOffset? LastLogin,
    IReadOnlyList<ScimLicense> Licenses)
{
    /// <param name="licenseSource">entitlements, roles or groups.</param>
    /// <param name="activityAttribute">A top-level attribute name, or an extension's full path (<c>urn:…:User:lastLogin</c>); null for none.</param>
    public static ScimUserRecord Parse(JsonElement user, string licenseSource, string? activityAttribute)
    {
        var id = Text(user, "id") ?? throw new JsonException("A SCIM user has no id.");
        var licenses = licenseSource switch
        {
            ScimSettings.Groups => Values(user, "groups", useDisplayAsName: true),
            ScimSettings.Roles => Values(user, "roles", useDisplayAsName: false),
            _ => Values(user, "entitlements", useDisplayAsName: true),
        };
        DateTimeOffset? created = null, modified = null;
        if (user.TryGetProperty("meta", out var meta) && meta.ValueKind == JsonValueKind.Object)
        {
            created = Time(meta, "created", "meta.created");
            modified = Time(meta, "lastModified", "meta.lastModified");
        }

        return new ScimUserRecord(
            id,
            Text(user, "userName") ?? id,
            Text(user, "displayName"),
            !user.TryGetProperty("active", out var active) || active.ValueKind != JsonValueKind.False,
            created,
            modified,
            activityAttribute is null ? null : LastLoginOf(user, activityAttribute),
            licenses);
    }

    /// <summary>The attribute's value as a time; an extension attribute is addressed by its schema URN and name.</summary>
    public static DateTimeOffset? LastLoginOf(JsonElement user, string attribute)
    {
        var split = attribute.LastIndexOf(':');
        if (split > 0 && attribute.StartsWith("urn:", StringComparison.OrdinalIgnoreCase))
        {
            var schema = attribute[..split];
            var name = attribute[(split + 1)..];
            return user.TryGetProperty(schema, out var extension) && extension.ValueKind == JsonValueKind.Object
                ? Time(extension, name, attribute)
                : null;
        }

        return Time(user, attribute, attribute);
    }

    /// <summary>The attribute names to ask for (RFC 7644 §3.4.2.5), so pages carry only what the connector reads.</summary>
    public static string Attributes(string licenseSource, string? activityAttribute) =>
        string.Join(',', new[] { "id", "userName", "displayName", "active", "meta", licenseSource }.Concat(activityAttribute is null ? [] : [activityAttribute]));

    private static List<ScimLicense> Values(JsonElement user, string attribute, bool useDisplayAsName)
    {
        var licenses = new List<ScimLicense>();
        if (!user.TryGetProperty(attribute, out var list) || list.ValueKind != JsonValueKind.Array)
        {
            return licenses;
        }

        foreach (var item in list.EnumerateArray())
        {
            var value = item.ValueKind == JsonValueKind.String ? item.GetString() : Text(item, "value");
            if (string.IsNullOrEmpty(value) || licenses.Any(l => l.Identifier == value))
            {
                continue;
            }

            var display = useDisplayAsName && item.ValueKind == JsonValueKind.Object ? Text(item, "display") : null;
            licenses.Add(new ScimLicense(value, display ?? value));
        }

        return licenses;
    }

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static DateTimeOffset? Time(JsonElement element, string name, string where)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String
            && DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
            ? parsed.ToUniversalTime()
            : throw new JsonException($"The SCIM attribute {where} is not a date-time: {value.GetRawText()}.");
    }
}
