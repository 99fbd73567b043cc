using System.Text.Json;
using ProfileEngine.WebexSimulator.Scim;

namespace ProfileEngine.WebexSimulator.ScimApp;

/// <summary>One operation of a PatchOp body (RFC 7644 §3.5.2): <c>add</c>, <c>remove</c> or <c>replace</c>.</summary>
public sealed record PatchOperation(string Op, PatchPath? Path, JsonElement? Value)
{
    /// <summary>
    /// Reads <c>{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op","path"?,"value"?}]}</c>.
    /// Operation names are case-insensitive (Entra ID sends <c>Replace</c>). Anything else is 400 invalidSyntax.
    /// </summary>
    public static IReadOnlyList<PatchOperation> ParseBody(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object
            || !body.TryGetProperty("schemas", out var schemas) || schemas.ValueKind != JsonValueKind.Array
            || !schemas.EnumerateArray().Any(s => s.ValueKind == JsonValueKind.String && s.GetString() == ScimSchemas.PatchOp))
        {
            throw ScimException.BadRequest("invalidSyntax", $"A PATCH body must list the schema {ScimSchemas.PatchOp}.");
        }

        var operations = body.EnumerateObject().FirstOrDefault(p => string.Equals(p.Name, "Operations", StringComparison.OrdinalIgnoreCase)).Value;
        if (operations.ValueKind != JsonValueKind.Array || operations.GetArrayLength() == 0)
        {
            throw ScimException.BadRequest("invalidSyntax", "A PATCH body needs a non-empty \"Operations\" array.");
        }

        var parsed = new List<PatchOperation>();
        foreach (var operation in operations.EnumerateArray())
        {
            if (operation.ValueKind != JsonValueKind.Object
                || !operation.TryGetProperty("op", out var op) || op.ValueKind != JsonValueKind.String)
            {
                throw ScimException.BadRequest("invalidSyntax", "Each operation needs an \"op\".");
            }

            var name = op.GetString()!.ToLowerInvariant();
            if (name is not ("add" or "remove" or "replace"))
            {
                throw ScimException.BadRequest("invalidSyntax", $"Unknown operation '{op.GetString()}'; use add, remove or replace.");
            }

            var path = operation.TryGetProperty("path", out var p) && p.ValueKind == JsonValueKind.String ? PatchPath.Parse(p.GetString()!) : null;
            JsonElement? value = operation.TryGetProperty("value", out var v) ? v : null;
            if (path is null && name == "remove")
            {
                throw ScimException.BadRequest("noTarget", "A remove operation needs a \"path\".");
            }

            if (path is null && value is not { ValueKind: JsonValueKind.Object })
            {
                throw ScimException.BadRequest("invalidSyntax", $"An {name} operation without \"path\" needs an object \"value\".");
            }

            if (name != "remove" && value is null)
            {
                throw ScimException.BadRequest("invalidSyntax", $"An {name} operation needs a \"value\".");
            }

            parsed.Add(new PatchOperation(name, path, value));
        }

        return parsed;
    }
}

/// <summary>
/// A PATCH path (RFC 7644 §3.5.2): <c>attribute</c>, <c>attribute.sub</c>, <c>attribute[filter]</c> or
/// <c>attribute[filter].sub</c>, optionally qualified by a schema URN. <see cref="Attribute"/> is lower case and
/// without the core or enterprise URN; the activity extension's attributes keep theirs.
/// </summary>
public sealed record PatchPath(string Attribute, ScimFilter? Filter, string? SubAttribute)
{
    private static readonly string[] StrippedSchemas = [ScimSchemas.User + ":", ScimSchemas.Group + ":", ScimSchemas.EnterpriseUser + ":"];

    public static PatchPath Parse(string text)
    {
        var path = text.Trim();
        foreach (var schema in StrippedSchemas)
        {
            if (path.StartsWith(schema, StringComparison.OrdinalIgnoreCase))
            {
                path = path[schema.Length..];
                break;
            }
        }

        var open = path.IndexOf('[', StringComparison.Ordinal);
        if (open < 0)
        {
            return path.Length == 0 || path.Contains(']', StringComparison.Ordinal)
                ? throw ScimException.BadRequest("invalidPath", $"'{text}' is not a valid path.")
                : new PatchPath(path.ToLowerInvariant(), null, null);
        }

        var close = path.LastIndexOf(']');
        if (open == 0 || close < open)
        {
            throw ScimException.BadRequest("invalidPath", $"'{text}' is not a valid path.");
        }

        var rest = path[(close + 1)..];
        if (rest.Length > 0 && (rest[0] != '.' || rest.Length == 1))
        {
            throw ScimException.BadRequest("invalidPath", $"'{text}' is not a valid path.");
        }

        ScimFilter filter;
        try
        {
            filter = ScimFilter.Parse(path[(open + 1)..close]);
        }
        catch (ScimFilterException e)
        {
            throw ScimException.BadRequest("invalidPath", $"The filter in '{text}' is not valid: {e.Message}");
        }

        return new PatchPath(path[..open].ToLowerInvariant(), filter, rest.Length > 0 ? rest[1..].ToLowerInvariant() : null);
    }

    /// <summary>True when <paramref name="element"/> passes the filter (a filter on an unknown sub-attribute is 400 invalidPath).</summary>
    public bool Selects(IScimAttributes element)
    {
        try
        {
            return Filter is null || Filter.Matches(element);
        }
        catch (ScimFilterException e)
        {
            throw ScimException.BadRequest("invalidPath", e.Message);
        }
    }
}
