using System.Text.Json;
using ProfileEngine.Connectors;
using ProfileEngine.Messaging;

namespace ProfileEngine.Profiles;

/// <summary>
/// A profile's settings for its connector, stored as a JSON object of strings. Only the settings the connector
/// declares are accepted; a setting left out takes the connector's default.
/// </summary>
public static class ConnectorSettings
{
    public const int MaxValueLength = 500;

    public static void Validate(VendorConnector connector, IReadOnlyDictionary<string, string> settings, string field, ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(connector);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(errors);
        foreach (var (name, value) in settings)
        {
            var setting = connector.Setting(name);
            if (setting is null)
            {
                var known = connector.Settings.Count == 0 ? "it has none" : "it has " + string.Join(", ", connector.Settings.Select(s => $"'{s.Name}'"));
                errors.Add($"{field}.{name}", $"The {connector.ProfileType} connector has no setting '{name}'; {known}.");
            }
            else if (string.IsNullOrWhiteSpace(value) || value.Length > MaxValueLength || value.Any(char.IsControl))
            {
                errors.Add($"{field}.{name}", $"'{name}' must be non-blank text of at most {MaxValueLength} characters without control characters.");
            }
            else if (setting.AllowedValues is { } allowed && !allowed.Contains(value, StringComparer.Ordinal))
            {
                errors.Add($"{field}.{name}", $"'{value}' is not a value of '{name}'; use one of {string.Join(", ", allowed.Select(a => $"'{a}'"))}.");
            }
        }
    }

    /// <summary>Null for no settings; otherwise a JSON object with the names in order.</summary>
    public static string? Serialize(IReadOnlyDictionary<string, string>? settings) =>
        settings is null || settings.Count == 0
            ? null
            : JsonSerializer.Serialize(new SortedDictionary<string, string>(settings.ToDictionary(), StringComparer.Ordinal));

    /// <summary>The profile's given settings (no defaults).</summary>
    public static IReadOnlyDictionary<string, string> Read(string? json) =>
        string.IsNullOrEmpty(json)
            ? new Dictionary<string, string>(StringComparer.Ordinal)
            : JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? [];

    /// <summary>Every setting of the connector: the profile's value, or the default.</summary>
    public static IReadOnlyDictionary<string, string> Effective(VendorConnector connector, string? json)
    {
        ArgumentNullException.ThrowIfNull(connector);
        var given = Read(json);
        return connector.Settings.ToDictionary(s => s.Name, s => given.TryGetValue(s.Name, out var value) ? value : s.Default, StringComparer.Ordinal);
    }
}
