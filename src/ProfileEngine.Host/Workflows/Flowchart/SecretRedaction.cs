using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ProfileEngine.Host.Workflows.Flowchart;

/// <summary>
/// Keeps secrets an admin or an activity put in a workflow off the pages: an input or a JSON field whose name says
/// it holds one (token, secret, password, API key, authorization, credential, cookie) shows as <c>***</c>.
/// </summary>
public static partial class SecretRedaction
{
    public const string Mask = "***";

    public static bool IsSecretName(string name) => SecretName().IsMatch(name);

    /// <summary>
    /// The JSON with every secret-named field's value masked. An execution record's outputs may be cut short (not
    /// parseable): then they are shown only when no secret-named field appears in them at all.
    /// </summary>
    public static string? RedactJson(string? json)
    {
        if (json is null)
        {
            return null;
        }

        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json);
        }
        catch (JsonException)
        {
            return SecretName().IsMatch(json) ? "(cut short, and it names a secret field: hidden)" : json;
        }

        return Redact(node)?.ToJsonString() ?? "null";
    }

    public static JsonNode? Redact(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                var copy = new JsonObject();
                foreach (var (key, value) in obj)
                {
                    copy[key] = IsSecretName(key) && value is not null ? JsonValue.Create(Mask) : Redact(value);
                }

                return copy;
            case JsonArray array:
                return new JsonArray([.. array.Select(Redact)]);
            default:
                return node?.DeepClone();
        }
    }

    [GeneratedRegex("secret|password|passwd|token|api[-_]?key|authori[sz]ation|credential|private[-_]?key|cookie", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SecretName();
}
