using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace ProfileEngine.Tests.Contract;

public enum ViolationKind
{
    TypeMismatch,
    NullNotAllowed,
    MissingRequired,
    UndeclaredProperty,
    NotInEnum,
    BadFormat,
    ConstraintBroken,
    NoAlternativeMatched,
}

/// <summary>One place where a JSON value does not fit its schema.</summary>
public sealed record SchemaViolation(string InstancePath, string SchemaLocation, ViolationKind Kind, string Message)
{
    public override string ToString() => $"{InstancePath}: {Message} (schema {SchemaLocation})";
}

/// <summary>
/// Validates JSON against OpenAPI 3.0 schemas: $ref, type, nullable, properties, required, additionalProperties,
/// items, enum, allOf, anyOf, oneOf, format (date-time, uri, int64), min/max length, items, value and pattern.
/// Stricter than OpenAPI in one way, on purpose: a property the schema does not declare is a violation
/// (unless <c>additionalProperties</c> allows it), so a misspelt field name in the simulator is caught.
/// </summary>
public static class SchemaValidator
{
    public static IReadOnlyList<SchemaViolation> Validate(JsonElement instance, SchemaRef schema)
    {
        var violations = new List<SchemaViolation>();
        Check(instance, schema, "$", violations);
        return violations;
    }

    private static void Check(JsonElement value, SchemaRef schema, string at, List<SchemaViolation> found)
    {
        var node = schema.Schema;
        if (node.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        if (node.TryGetProperty("$ref", out var reference))
        {
            Check(value, schema.Spec.Resolve(reference.GetString()!), at, found);
            return;
        }

        if (value.ValueKind == JsonValueKind.Null)
        {
            var nullable = node.TryGetProperty("nullable", out var n) && n.ValueKind == JsonValueKind.True;
            if (!nullable && node.TryGetProperty("type", out var declared))
            {
                found.Add(new(at, schema.Location, ViolationKind.NullNotAllowed, $"null where the spec says {declared.GetString()}"));
            }

            return;
        }

        CheckCombinators(value, schema, at, found);

        if (node.TryGetProperty("type", out var typeNode) && !FitsType(value, typeNode.GetString()!))
        {
            found.Add(new(at, schema.Location, ViolationKind.TypeMismatch,
                $"{Describe(value)} where the spec says {typeNode.GetString()}"));
            return;
        }

        if (node.TryGetProperty("enum", out var allowed) && !allowed.EnumerateArray().Any(a => JsonElement.DeepEquals(a, value)))
        {
            found.Add(new(at, schema.Location, ViolationKind.NotInEnum,
                $"{value.GetRawText()} is not one of {allowed.GetRawText()}"));
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                CheckObject(value, schema, at, found);
                break;
            case JsonValueKind.Array:
                CheckArray(value, schema, at, found);
                break;
            case JsonValueKind.String:
                CheckString(value.GetString()!, schema, at, found);
                break;
            case JsonValueKind.Number:
                CheckNumber(value.GetDouble(), schema, at, found);
                break;
        }
    }

    private static void CheckCombinators(JsonElement value, SchemaRef schema, string at, List<SchemaViolation> found)
    {
        var node = schema.Schema;
        if (node.TryGetProperty("allOf", out var allOf))
        {
            var i = 0;
            foreach (var part in allOf.EnumerateArray())
            {
                Check(value, schema with { Schema = part, Location = $"{schema.Location}/allOf/{i++}" }, at, found);
            }
        }

        // oneOf is checked as "at least one": the Webex specs' alternatives overlap (objects without required
        // fields), so exactly-one would reject every valid document.
        foreach (var keyword in new[] { "anyOf", "oneOf" })
        {
            if (!node.TryGetProperty(keyword, out var alternatives))
            {
                continue;
            }

            var i = 0;
            var matched = false;
            foreach (var alternative in alternatives.EnumerateArray())
            {
                var trial = new List<SchemaViolation>();
                Check(value, schema with { Schema = alternative, Location = $"{schema.Location}/{keyword}/{i++}" }, at, trial);
                matched |= trial.Count == 0;
            }

            if (!matched)
            {
                found.Add(new(at, schema.Location, ViolationKind.NoAlternativeMatched, $"matches none of the {keyword} alternatives"));
            }
        }
    }

    private static void CheckObject(JsonElement value, SchemaRef schema, string at, List<SchemaViolation> found)
    {
        var node = schema.Schema;
        var hasProperties = node.TryGetProperty("properties", out var properties);
        if (node.TryGetProperty("required", out var required))
        {
            foreach (var name in required.EnumerateArray().Select(r => r.GetString()!))
            {
                if (!value.TryGetProperty(name, out _))
                {
                    found.Add(new($"{at}.{name}", schema.Location, ViolationKind.MissingRequired, "required property is missing"));
                }
            }
        }

        var additional = node.TryGetProperty("additionalProperties", out var extra) ? extra : default;
        foreach (var property in value.EnumerateObject())
        {
            var path = $"{at}.{property.Name}";
            if (hasProperties && properties.TryGetProperty(property.Name, out var propertySchema))
            {
                Check(property.Value, schema with { Schema = propertySchema, Location = $"{schema.Location}/properties/{property.Name}" }, path, found);
            }
            else if (additional.ValueKind == JsonValueKind.Object)
            {
                Check(property.Value, schema with { Schema = additional, Location = $"{schema.Location}/additionalProperties" }, path, found);
            }
            else if (additional.ValueKind != JsonValueKind.True && (hasProperties || additional.ValueKind == JsonValueKind.False))
            {
                found.Add(new(path, schema.Location, ViolationKind.UndeclaredProperty, "property is not declared by the spec"));
            }
        }
    }

    private static void CheckArray(JsonElement value, SchemaRef schema, string at, List<SchemaViolation> found)
    {
        var node = schema.Schema;
        var count = value.GetArrayLength();
        if (node.TryGetProperty("minItems", out var min) && count < min.GetInt32())
        {
            found.Add(new(at, schema.Location, ViolationKind.ConstraintBroken, $"{count} items, fewer than minItems {min.GetInt32()}"));
        }

        if (node.TryGetProperty("maxItems", out var max) && count > max.GetInt32())
        {
            found.Add(new(at, schema.Location, ViolationKind.ConstraintBroken, $"{count} items, more than maxItems {max.GetInt32()}"));
        }

        if (node.TryGetProperty("items", out var items))
        {
            var i = 0;
            foreach (var item in value.EnumerateArray())
            {
                Check(item, schema with { Schema = items, Location = $"{schema.Location}/items" }, $"{at}[{i++}]", found);
            }
        }
    }

    private static void CheckString(string text, SchemaRef schema, string at, List<SchemaViolation> found)
    {
        var node = schema.Schema;
        if (node.TryGetProperty("minLength", out var min) && text.Length < min.GetInt32())
        {
            found.Add(new(at, schema.Location, ViolationKind.ConstraintBroken, $"shorter than minLength {min.GetInt32()}"));
        }

        if (node.TryGetProperty("maxLength", out var max) && text.Length > max.GetInt32())
        {
            found.Add(new(at, schema.Location, ViolationKind.ConstraintBroken, $"longer than maxLength {max.GetInt32()}"));
        }

        if (node.TryGetProperty("pattern", out var pattern) && !Regex.IsMatch(text, pattern.GetString()!, RegexOptions.None, TimeSpan.FromSeconds(1)))
        {
            found.Add(new(at, schema.Location, ViolationKind.ConstraintBroken, $"'{text}' does not match pattern {pattern.GetString()}"));
        }

        var format = node.TryGetProperty("format", out var f) ? f.GetString() : null;
        var wellFormed = format switch
        {
            "date-time" => DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out _) && text.Contains('T', StringComparison.Ordinal),
            "uri" => Uri.TryCreate(text, UriKind.Absolute, out _),
            _ => true,
        };
        if (!wellFormed)
        {
            found.Add(new(at, schema.Location, ViolationKind.BadFormat, $"'{text}' is not a valid {format}"));
        }
    }

    private static void CheckNumber(double number, SchemaRef schema, string at, List<SchemaViolation> found)
    {
        var node = schema.Schema;
        if (node.TryGetProperty("minimum", out var min) && number < min.GetDouble())
        {
            found.Add(new(at, schema.Location, ViolationKind.ConstraintBroken, $"{number} is below minimum {min.GetDouble()}"));
        }

        if (node.TryGetProperty("maximum", out var max) && number > max.GetDouble())
        {
            found.Add(new(at, schema.Location, ViolationKind.ConstraintBroken, $"{number} is above maximum {max.GetDouble()}"));
        }
    }

    private static bool FitsType(JsonElement value, string type) => type switch
    {
        "object" => value.ValueKind == JsonValueKind.Object,
        "array" => value.ValueKind == JsonValueKind.Array,
        "string" => value.ValueKind == JsonValueKind.String,
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "number" => value.ValueKind == JsonValueKind.Number,
        "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _),
        _ => true,
    };

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.True or JsonValueKind.False => $"boolean {value.GetRawText()}",
        JsonValueKind.String => $"string \"{value.GetString()}\"",
        JsonValueKind.Number => $"number {value.GetRawText()}",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        _ => value.ValueKind.ToString(),
    };
}
