using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml;

namespace ProfileEngine.Workflows.Expressions;

/// <summary>
/// Elsa's type aliases (<c>String</c>, <c>Int32</c>, <c>TimeSpan</c>, <c>Object</c>, …) and the conversions between
/// JSON values and the CLR types activities declare.
/// </summary>
public static class TypeNames
{
    private static readonly Dictionary<string, Type> Aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["String"] = typeof(string),
        ["Int32"] = typeof(int),
        ["Int64"] = typeof(long),
        ["Double"] = typeof(double),
        ["Decimal"] = typeof(decimal),
        ["Boolean"] = typeof(bool),
        ["DateTime"] = typeof(DateTime),
        ["DateTimeOffset"] = typeof(DateTimeOffset),
        ["TimeSpan"] = typeof(TimeSpan),
        ["Guid"] = typeof(Guid),
        ["Object"] = typeof(object),
        ["JsonObject"] = typeof(JsonObject),
        ["JsonNode"] = typeof(JsonNode),
    };

    public static IEnumerable<string> Known => Aliases.Keys;

    /// <summary>The CLR type of an Elsa type name (<c>Int32</c>, <c>System.Int32</c>, <c>String[]</c>), or null.</summary>
    public static Type? Resolve(string typeName)
    {
        ArgumentNullException.ThrowIfNull(typeName);
        var name = typeName.Trim();
        if (name.EndsWith("[]", StringComparison.Ordinal))
        {
            return Resolve(name[..^2])?.MakeArrayType();
        }

        if (name.StartsWith("System.", StringComparison.Ordinal))
        {
            name = name["System.".Length..];
        }

        return Aliases.GetValueOrDefault(name);
    }

    public static string NameOf(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (type.IsArray)
        {
            return NameOf(type.GetElementType()!) + "[]";
        }

        return Aliases.FirstOrDefault(a => a.Value == type).Key ?? type.Name;
    }

    /// <summary>Whether a value the definition declares as <paramref name="given"/> can feed an input of <paramref name="declared"/>.</summary>
    public static bool IsCompatible(Type declared, Type given)
    {
        ArgumentNullException.ThrowIfNull(declared);
        ArgumentNullException.ThrowIfNull(given);
        if (declared == given || declared == typeof(object) || given == typeof(object)
            || declared == typeof(string) || given == typeof(string)
            || typeof(JsonNode).IsAssignableFrom(declared) || typeof(JsonNode).IsAssignableFrom(given))
        {
            return true;
        }

        return (IsNumber(declared) && IsNumber(given)) || (IsDate(declared) && IsDate(given));
    }

    private static bool IsNumber(Type type) => type == typeof(int) || type == typeof(long) || type == typeof(double) || type == typeof(decimal);

    private static bool IsDate(Type type) => type == typeof(DateTime) || type == typeof(DateTimeOffset);

    /// <summary>Converts a JSON value to <paramref name="target"/>; throws <see cref="FormatException"/> saying why not.</summary>
    public static object? Convert(JsonNode? value, Type target)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (value is null)
        {
            return target.IsValueType ? Activator.CreateInstance(target) : null;
        }

        if (target == typeof(object) || target == typeof(JsonNode))
        {
            return value.DeepClone();
        }

        var text = value is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        try
        {
            if (target == typeof(string))
            {
                return text ?? value.ToJsonString();
            }

            if (text is not null)
            {
                return FromText(text, target);
            }

            if (target == typeof(JsonObject))
            {
                return value as JsonObject ?? throw new FormatException("expected a JSON object");
            }

            return value.Deserialize(target);
        }
        catch (Exception e) when (e is JsonException or OverflowException or InvalidOperationException or ArgumentException)
        {
            throw new FormatException($"{Describe(value)} is not a valid {NameOf(target)}", e);
        }
    }

    private static object? FromText(string text, Type target)
    {
        var culture = CultureInfo.InvariantCulture;
        object? result = target switch
        {
            _ when target == typeof(int) => int.TryParse(text, NumberStyles.Integer, culture, out var i) ? i : null,
            _ when target == typeof(long) => long.TryParse(text, NumberStyles.Integer, culture, out var l) ? l : null,
            _ when target == typeof(double) => double.TryParse(text, NumberStyles.Float, culture, out var d) ? d : null,
            _ when target == typeof(decimal) => decimal.TryParse(text, NumberStyles.Number, culture, out var m) ? m : null,
            _ when target == typeof(bool) => bool.TryParse(text, out var b) ? b : null,
            _ when target == typeof(Guid) => Guid.TryParse(text, out var g) ? g : null,
            _ when target == typeof(DateTimeOffset) =>
                DateTimeOffset.TryParse(text, culture, DateTimeStyles.AssumeUniversal, out var o) ? o : null,
            _ when target == typeof(DateTime) =>
                DateTime.TryParse(text, culture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var t) ? t : null,
            _ when target == typeof(TimeSpan) => ParseTimeSpan(text),
            _ when typeof(JsonNode).IsAssignableFrom(target) || target.IsArray => JsonNode.Parse(text) is { } parsed
                ? (typeof(JsonNode).IsAssignableFrom(target) ? parsed : parsed.Deserialize(target))
                : null,
            _ => JsonSerializer.Deserialize($"\"{JsonEncodedText.Encode(text)}\"", target),
        };
        return result ?? throw new FormatException($"'{text}' is not a valid {NameOf(target)}");
    }

    /// <summary>Accepts .NET's <c>d.hh:mm:ss</c> (Elsa's literals) and ISO 8601 durations such as <c>PT5M</c>.</summary>
    private static TimeSpan? ParseTimeSpan(string text)
    {
        if (TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span))
        {
            return span;
        }

        if (text.StartsWith('P') || text.StartsWith("-P", StringComparison.Ordinal))
        {
            try
            {
                return XmlConvert.ToTimeSpan(text);
            }
            catch (FormatException)
            {
                return null;
            }
        }

        return null;
    }

    /// <summary>Turns an activity's output (or any CLR value) into the JSON stored in variables.</summary>
    public static JsonNode? ToJson(object? value) => value switch
    {
        null => null,
        JsonNode node => node.DeepClone(),
        TimeSpan span => JsonValue.Create(span.ToString("c", CultureInfo.InvariantCulture)),
        _ => JsonSerializer.SerializeToNode(value, value.GetType()),
    };

    private static string Describe(JsonNode value)
    {
        var text = value.ToJsonString();
        return text.Length > 60 ? text[..60] + "…" : text;
    }
}
