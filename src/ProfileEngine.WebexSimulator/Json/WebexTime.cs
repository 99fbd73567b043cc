using System.Globalization;
using System.Text.Json;

namespace ProfileEngine.WebexSimulator.Json;

/// <summary>Webex timestamps: ISO-8601 UTC with milliseconds, e.g. 2026-11-22T10:00:00.000Z.</summary>
public static class WebexTime
{
    private const string Format = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    public static string ToText(DateTimeOffset time) =>
        time.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture);

    public static void WriteTime(this Utf8JsonWriter writer, string propertyName, DateTimeOffset time)
    {
        Span<char> buffer = stackalloc char[32];
        time.UtcDateTime.TryFormat(buffer, out var written, Format, CultureInfo.InvariantCulture);
        writer.WriteString(propertyName, buffer[..written]);
    }

    public static void WriteTime(this Utf8JsonWriter writer, string propertyName, long utcTicks) =>
        writer.WriteTime(propertyName, new DateTimeOffset(utcTicks, TimeSpan.Zero));

    /// <summary>Parses a query or body time (any ISO-8601 form); a value without offset is taken as UTC.</summary>
    public static bool TryParse(string? text, out DateTimeOffset time) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time);

    /// <summary>Like <see cref="TryParse"/>, but an absent value gives <paramref name="fallback"/>.</summary>
    public static bool TryParseOptional(string? text, DateTimeOffset fallback, out DateTimeOffset time)
    {
        if (string.IsNullOrEmpty(text))
        {
            time = fallback;
            return true;
        }

        return TryParse(text, out time);
    }
}
