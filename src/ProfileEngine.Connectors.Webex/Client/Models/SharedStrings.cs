using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;

namespace ProfileEngine.Connectors.Webex.Models;

/// <summary>
/// One shared instance of ids that repeat on every person of an org (license, role and org ids, ~180 characters
/// each), so 100,000 people do not carry 100,000 copies of the same few strings. Bounded: past the limit strings
/// are simply not shared.
/// </summary>
internal static class SharedStrings
{
    private const int MaxShared = 10_000;
    private const int MaxSharedLength = 512;
    private static readonly ConcurrentDictionary<string, string> Known = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> KnownByChars =
        Known.GetAlternateLookup<ReadOnlySpan<char>>();

    public static string? ReadNullable(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.Null ? null : Read(ref reader);

    public static IReadOnlyList<string> ReadList(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return [];
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException($"Expected an array of strings but found {reader.TokenType}.");
        }

        var items = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            items.Add(Read(ref reader));
        }

        return items;
    }

    public static string Read(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.String || reader.ValueIsEscaped || reader.HasValueSequence || reader.ValueSpan.Length > MaxSharedLength)
        {
            return reader.GetString() ?? throw new JsonException($"Expected a string but found {reader.TokenType}.");
        }

        Span<char> chars = stackalloc char[MaxSharedLength];
        var length = Encoding.UTF8.GetChars(reader.ValueSpan, chars);
        if (KnownByChars.TryGetValue(chars[..length], out var known))
        {
            return known;
        }

        var text = new string(chars[..length]);
        return Known.Count < MaxShared ? Known.GetOrAdd(text, text) : text;
    }
}
