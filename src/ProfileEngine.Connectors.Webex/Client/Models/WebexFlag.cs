using System.Text.Json;

namespace ProfileEngine.Connectors.Webex.Models;

/// <summary>
/// Reads a boolean sent either as a JSON boolean (what Webex really sends) or as the string
/// "true"/"false" (what the OpenAPI spec declares for <c>invitePending</c> and <c>loginEnabled</c>).
/// </summary>
internal static class WebexFlag
{
    public static bool? Read(ref Utf8JsonReader reader) =>
        reader.TokenType switch
        {
            JsonTokenType.True => true,
            JsonTokenType.False => false,
            JsonTokenType.Null => null,
            JsonTokenType.String when bool.TryParse(reader.GetString(), out var value) => value,
            _ => throw new JsonException($"Expected true, false, \"true\" or \"false\" but found {reader.TokenType}."),
        };
}
