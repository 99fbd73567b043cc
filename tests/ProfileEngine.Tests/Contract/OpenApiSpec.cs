using System.Collections.Concurrent;
using System.Text.Json;
using ProfileEngine.Tests.Support;

namespace ProfileEngine.Tests.Contract;

/// <summary>
/// One of Cisco's official OpenAPI 3.0 files, vendored in <c>Contract/OpenApi</c>, read at test time, with the
/// look-ups the contract tests need: an operation's response schema and a named component schema.
/// </summary>
public sealed class OpenApiSpec
{
    private static readonly ConcurrentDictionary<string, OpenApiSpec> Loaded = new(StringComparer.Ordinal);

    private OpenApiSpec(string fileName, JsonDocument document)
    {
        FileName = fileName;
        Document = document;
    }

    public string FileName { get; }

    public JsonDocument Document { get; }

    public static OpenApiSpec Admin => Load("webex-admin.json");

    public static OpenApiSpec Meeting => Load("webex-meeting.json");

    public static OpenApiSpec Load(string fileName) => Loaded.GetOrAdd(fileName, name =>
    {
        var path = Path.Combine(RepositoryPaths.WebexReference, name);
        using var stream = File.OpenRead(path);
        return new OpenApiSpec(name, JsonDocument.Parse(stream));
    });

    /// <summary>The JSON schema of an operation's response body, with its location for messages.</summary>
    public SchemaRef ResponseSchema(string pathTemplate, string method, int status)
    {
        var paths = Document.RootElement.GetProperty("paths");
        if (!paths.TryGetProperty(pathTemplate, out var pathItem))
        {
            throw new KeyNotFoundException($"{FileName} has no path '{pathTemplate}'.");
        }

        var verb = method.ToLowerInvariant();
        if (!pathItem.TryGetProperty(verb, out var operation))
        {
            throw new KeyNotFoundException($"{FileName} has no {method} {pathTemplate}.");
        }

        var code = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (!operation.GetProperty("responses").TryGetProperty(code, out var response)
            || !response.TryGetProperty("content", out var content))
        {
            throw new KeyNotFoundException($"{FileName} {method} {pathTemplate} declares no {status} body.");
        }

        foreach (var media in content.EnumerateObject())
        {
            if (media.Name.StartsWith("application/", StringComparison.Ordinal) && media.Value.TryGetProperty("schema", out var schema))
            {
                var where = $"#/paths/{Escape(pathTemplate)}/{verb}/responses/{code}/content/{Escape(media.Name)}/schema";
                return new SchemaRef(this, schema, where);
            }
        }

        throw new KeyNotFoundException($"{FileName} {method} {pathTemplate} {status} has no JSON schema.");
    }

    public SchemaRef ComponentSchema(string name)
    {
        var schemas = Document.RootElement.GetProperty("components").GetProperty("schemas");
        return schemas.TryGetProperty(name, out var schema)
            ? new SchemaRef(this, schema, $"#/components/schemas/{name}")
            : throw new KeyNotFoundException($"{FileName} has no component schema '{name}'.");
    }

    /// <summary>Resolves a local <c>$ref</c> such as <c>#/components/schemas/Person</c>.</summary>
    public SchemaRef Resolve(string reference)
    {
        if (!reference.StartsWith("#/", StringComparison.Ordinal))
        {
            throw new NotSupportedException($"{FileName}: only local $refs are supported, not '{reference}'.");
        }

        var node = Document.RootElement;
        foreach (var segment in reference[2..].Split('/'))
        {
            var key = segment.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            if (!node.TryGetProperty(key, out node))
            {
                throw new KeyNotFoundException($"{FileName}: $ref '{reference}' does not resolve.");
            }
        }

        return new SchemaRef(this, node, reference);
    }

    private static string Escape(string segment) =>
        segment.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);
}

/// <summary>A schema node and where it stands in its spec (a JSON pointer), so violations can name it.</summary>
public readonly record struct SchemaRef(OpenApiSpec Spec, JsonElement Schema, string Location);
