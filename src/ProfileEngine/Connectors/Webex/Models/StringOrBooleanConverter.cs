using System.Text.Json;
using System.Text.Json.Serialization;

namespace ProfileEngine.Connectors.Webex.Models;

/// <summary>
/// Reads a boolean sent either as a JSON boolean (what Webex really sends) or as the string
/// "true"/"false" (what the OpenAPI spec declares for <c>invitePending</c> and <c>loginEnabled</c>).
/// </summary>
public sealed class StringOrBooleanConverter : JsonConverter<bool?>
{
    public override bool HandleNull => true;

    public override bool? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType switch
        {
            JsonTokenType.True => true,
            JsonTokenType.False => false,
            JsonTokenType.Null => null,
            JsonTokenType.String when bool.TryParse(reader.GetString(), out var value) => value,
            _ => throw new JsonException($"Expected true, false, \"true\" or \"false\" but found {reader.TokenType}."),
        };

    public override void Write(Utf8JsonWriter writer, bool? value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value is { } flag)
        {
            writer.WriteBooleanValue(flag);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}
