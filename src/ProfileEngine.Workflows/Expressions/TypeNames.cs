using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml;

namespace ProfileEngine.Workflows.Expressions;

/// <summary>
/// Elsa's type aliases (<c>String</c>, <c>Int32?</c>, <c>List&lt;String&gt;</c>, <c>JSON</c>, <c>ObjectDictionary</c>, …),
/// full and assembly-qualified CLR names, and the conversions between JSON values and the CLR types activities declare.
/// </summary>
/// <remarks>
/// Elsa's rules, from elsa-core (v3, commit 1c0fb909): the alias table is
/// src/modules/Elsa.Expressions/Options/ExpressionOptions.cs (registered in Services/WellKnownTypeRegistry.cs, which also
/// adds <c>Alias?</c> for every value type); <c>X[]</c>, <c>List&lt;X&gt;</c>-style collections and assembly-qualified
/// names are resolved by src/modules/Elsa.Common/Serialization/SerializationTypeResolver.cs. Elsa's ExpandoObject
/// (<c>JSON</c>), JsonElement and the object dictionaries are plain JSON here, so they map to <see cref="JsonNode"/> and
/// <see cref="JsonObject"/>.
/// </remarks>
public static class TypeNames
{
    private static readonly Dictionary<string, Type> Aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Int16"] = typeof(short),
        ["Int32"] = typeof(int),
        ["Int64"] = typeof(long),
        ["Long"] = typeof(long),
        ["Single"] = typeof(float),
        ["Object"] = typeof(object),
        ["String"] = typeof(string),
        ["Boolean"] = typeof(bool),
        ["Decimal"] = typeof(decimal),
        ["Double"] = typeof(double),
        ["ByteArray"] = typeof(byte[]),
        ["Guid"] = typeof(Guid),
        ["DateTime"] = typeof(DateTime),
        ["DateTimeOffset"] = typeof(DateTimeOffset),
        ["TimeSpan"] = typeof(TimeSpan),
        ["JSON"] = typeof(JsonNode),
        ["ExpandoObject"] = typeof(JsonNode),
        ["JsonElement"] = typeof(JsonNode),
        ["JsonNode"] = typeof(JsonNode),
        ["JsonObject"] = typeof(JsonObject),
        ["JsonArray"] = typeof(JsonArray),
        ["StringDictionary"] = typeof(Dictionary<string, string>),
        ["StringMap"] = typeof(Dictionary<string, string>),
        ["ObjectDictionary"] = typeof(JsonObject),
        ["ObjectMap"] = typeof(JsonObject),
    };

    /// <summary>The alias Elsa writes for a type (ExpressionOptions.cs registers Int64 before Long, so Int64 wins).</summary>
    private static readonly Dictionary<Type, string> Preferred = new()
    {
        [typeof(short)] = "Int16",
        [typeof(int)] = "Int32",
        [typeof(long)] = "Int64",
        [typeof(float)] = "Single",
        [typeof(object)] = "Object",
        [typeof(string)] = "String",
        [typeof(bool)] = "Boolean",
        [typeof(decimal)] = "Decimal",
        [typeof(double)] = "Double",
        [typeof(byte[])] = "ByteArray",
        [typeof(Guid)] = "Guid",
        [typeof(DateTime)] = "DateTime",
        [typeof(DateTimeOffset)] = "DateTimeOffset",
        [typeof(TimeSpan)] = "TimeSpan",
        [typeof(JsonNode)] = "JsonNode",
        [typeof(JsonObject)] = "JsonObject",
        [typeof(JsonArray)] = "JsonArray",
        [typeof(Dictionary<string, string>)] = "StringMap",
    };

    /// <summary>Elsa's generic collection aliases and the concrete type each stands for (SerializationTypeResolver.cs).</summary>
    private static readonly Dictionary<string, Type> Collections = new(StringComparer.Ordinal)
    {
        ["IEnumerable"] = typeof(List<>),
        ["ICollection"] = typeof(List<>),
        ["IList"] = typeof(List<>),
        ["IReadOnlyCollection"] = typeof(List<>),
        ["IReadOnlyList"] = typeof(List<>),
        ["List"] = typeof(List<>),
        ["Collection"] = typeof(List<>),
        ["ISet"] = typeof(HashSet<>),
        ["HashSet"] = typeof(HashSet<>),
    };

    public static IEnumerable<string> Known => Aliases.Keys;

    /// <summary>
    /// The CLR type of an Elsa type name: an alias (<c>Int32</c>, <c>Int32?</c>, <c>JSON</c>), an array
    /// (<c>String[]</c>), a collection (<c>List&lt;String&gt;</c>), or a full or assembly-qualified CLR name
    /// (<c>System.Int32</c>, <c>System.String, System.Private.CoreLib</c>,
    /// <c>System.Collections.Generic.List`1[[System.String, System.Private.CoreLib]], System.Private.CoreLib</c>); null when unknown.
    /// </summary>
    public static Type? Resolve(string typeName)
    {
        ArgumentNullException.ThrowIfNull(typeName);
        var name = typeName.Trim();
        if (name.Length == 0)
        {
            return null;
        }

        if (name.EndsWith("[]", StringComparison.Ordinal))
        {
            return Resolve(name[..^2])?.MakeArrayType();
        }

        if (name.EndsWith('?'))
        {
            return Resolve(name[..^1]) is { IsValueType: true } valueType && Nullable.GetUnderlyingType(valueType) is null
                ? typeof(Nullable<>).MakeGenericType(valueType)
                : null;
        }

        if (name.IndexOf('`', StringComparison.Ordinal) is var tick and > 0)
        {
            return ResolveClrGeneric(name, tick);
        }

        if (name.IndexOf('<', StringComparison.Ordinal) is var open and > 0 && name.EndsWith('>'))
        {
            return Collections.TryGetValue(name[..open], out var collection) && Resolve(name[(open + 1)..^1]) is { } element
                ? collection.MakeGenericType(element)
                : null;
        }

        // "System.String, System.Private.CoreLib": the assembly does not matter for the types we know.
        if (name.IndexOf(',', StringComparison.Ordinal) is var comma and > 0)
        {
            name = name[..comma].Trim();
        }

        if (Aliases.TryGetValue(name, out var type))
        {
            return type;
        }

        var lastDot = name.LastIndexOf('.');
        return lastDot > 0 && IsKnownNamespace(name[..lastDot]) ? Aliases.GetValueOrDefault(name[(lastDot + 1)..]) : null;
    }

    private static bool IsKnownNamespace(string ns) =>
        ns is "System" or "System.Text.Json" or "System.Text.Json.Nodes" or "System.Dynamic" or "System.Collections.Generic";

    /// <summary><c>System.Collections.Generic.List`1[[System.String, System.Private.CoreLib]], System.Private.CoreLib</c> and <c>System.Nullable`1[[…]]</c>.</summary>
    private static Type? ResolveClrGeneric(string name, int tick)
    {
        var definition = name[..tick];
        var argumentsStart = name.IndexOf("[[", tick, StringComparison.Ordinal);
        var argumentsEnd = name.LastIndexOf("]]", StringComparison.Ordinal);
        if (argumentsStart < 0 || argumentsEnd <= argumentsStart || name[tick + 1] != '1')
        {
            return null;
        }

        var element = Resolve(name[(argumentsStart + 2)..argumentsEnd]);
        var simple = definition[(definition.LastIndexOf('.') + 1)..];
        if (element is null || !IsKnownNamespace(definition[..Math.Max(0, definition.LastIndexOf('.'))]))
        {
            return null;
        }

        if (simple == "Nullable")
        {
            return element.IsValueType && Nullable.GetUnderlyingType(element) is null ? typeof(Nullable<>).MakeGenericType(element) : null;
        }

        return Collections.TryGetValue(simple, out var collection) ? collection.MakeGenericType(element) : null;
    }

    /// <summary>The Elsa alias of a type: <c>Int32</c>, <c>Int32?</c>, <c>String[]</c>, <c>List&lt;String&gt;</c>.</summary>
    public static string NameOf(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (Preferred.TryGetValue(type, out var alias))
        {
            return alias;
        }

        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return NameOf(underlying) + "?";
        }

        if (type.IsArray)
        {
            return NameOf(type.GetElementType()!) + "[]";
        }

        if (type.IsGenericType && type.GetGenericArguments() is [var element])
        {
            var definition = type.GetGenericTypeDefinition();
            var name = definition == typeof(HashSet<>) || definition == typeof(ISet<>) ? "HashSet" : "List";
            return $"{name}<{NameOf(element)}>";
        }

        return type.Name;
    }

    /// <summary>Whether a value the definition declares as <paramref name="given"/> can feed an input of <paramref name="declared"/>.</summary>
    public static bool IsCompatible(Type declared, Type given)
    {
        ArgumentNullException.ThrowIfNull(declared);
        ArgumentNullException.ThrowIfNull(given);
        declared = Nullable.GetUnderlyingType(declared) ?? declared;
        given = Nullable.GetUnderlyingType(given) ?? given;
        if (declared == given || declared == typeof(object) || given == typeof(object)
            || declared == typeof(string) || given == typeof(string)
            || typeof(JsonNode).IsAssignableFrom(declared) || typeof(JsonNode).IsAssignableFrom(given))
        {
            return true;
        }

        return (IsNumber(declared) && IsNumber(given)) || (IsDate(declared) && IsDate(given));
    }

    private static bool IsNumber(Type type) =>
        type == typeof(short) || type == typeof(int) || type == typeof(long) || type == typeof(float) || type == typeof(double) || type == typeof(decimal);

    private static bool IsDate(Type type) => type == typeof(DateTime) || type == typeof(DateTimeOffset);

    /// <summary>Converts a JSON value to <paramref name="target"/>; throws <see cref="FormatException"/> saying why not.</summary>
    public static object? Convert(JsonNode? value, Type target)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (value is null)
        {
            return target.IsValueType ? Activator.CreateInstance(target) : null;
        }

        if (Nullable.GetUnderlyingType(target) is { } underlying)
        {
            return Convert(value, underlying);
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

            if (target == typeof(JsonArray))
            {
                return value as JsonArray ?? throw new FormatException("expected a JSON array");
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
            _ when target == typeof(short) => short.TryParse(text, NumberStyles.Integer, culture, out var h) ? h : null,
            _ when target == typeof(float) => float.TryParse(text, NumberStyles.Float, culture, out var f) ? f : null,
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
            _ when target == typeof(byte[]) => FromBase64(text),
            _ when typeof(JsonNode).IsAssignableFrom(target) || target.IsArray || target.IsGenericType => JsonNode.Parse(text) is { } parsed
                ? (typeof(JsonNode).IsAssignableFrom(target) ? parsed : parsed.Deserialize(target))
                : null,
            _ => JsonSerializer.Deserialize($"\"{JsonEncodedText.Encode(text)}\"", target),
        };
        return result ?? throw new FormatException($"'{text}' is not a valid {NameOf(target)}");
    }

    private static byte[]? FromBase64(string text)
    {
        var buffer = new byte[text.Length];
        return System.Convert.TryFromBase64String(text, buffer, out var written) ? buffer[..written] : null;
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
