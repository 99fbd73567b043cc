using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ProfileEngine.WebexSimulator.Scim;

/// <summary>
/// The <c>attributes</c> and <c>excludedAttributes</c> query parameters (RFC 7644 §3.4.2.5): return only the named
/// attributes, or the default set without the named ones. <c>id</c> and <c>schemas</c> are always returned. Names
/// are case-insensitive, may be sub-attributes (<c>name.givenName</c>, <c>emails.value</c>) and may be qualified
/// by a schema URN (<c>urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department</c>, or the extension's
/// URN alone for the whole extension).
/// </summary>
public sealed class ScimProjection
{
    private const string CoreSchema = "urn:ietf:params:scim:schemas:core:2.0:User";

    /// <summary>Stands for the core schema's URN alone: every attribute that is not an extension's.</summary>
    private const string AllCore = "*";

    private static readonly string[] WebexExtensionSchemas =
    [
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
        "urn:scim:schemas:extension:cisco:webexidentity:2.0:User",
    ];

    private static readonly string[] AlwaysReturned = ["id", "schemas"];

    private readonly Selection? only;
    private readonly Selection? excluded;
    private readonly IReadOnlyList<string> extensionSchemas;

    private ScimProjection(Selection? only, Selection? excluded, IReadOnlyList<string> extensionSchemas)
    {
        this.only = only;
        this.excluded = excluded;
        this.extensionSchemas = extensionSchemas;
    }

    /// <summary>True when the parameters ask for the default set unchanged.</summary>
    public bool IsDefault => only is null && excluded is null;

    /// <summary>The projection over Webex users (enterprise and Cisco extensions).</summary>
    public static ScimProjection From(string? attributes, string? excludedAttributes) =>
        From(attributes, excludedAttributes, WebexExtensionSchemas);

    /// <summary>The projection over resources whose extension schemas are <paramref name="extensionSchemas"/>.</summary>
    public static ScimProjection From(string? attributes, string? excludedAttributes, IReadOnlyList<string> extensionSchemas) =>
        new(Selection.Parse(attributes, extensionSchemas), Selection.Parse(excludedAttributes, extensionSchemas), extensionSchemas);

    /// <summary>Writes what <paramref name="writeUser"/> writes, with the attributes projected.</summary>
    public void Write(Utf8JsonWriter writer, Action<Utf8JsonWriter> writeUser)
    {
        if (IsDefault)
        {
            writeUser(writer);
            return;
        }

        var buffer = new ArrayBufferWriter<byte>(2048);
        using (var scratch = new Utf8JsonWriter(buffer))
        {
            writeUser(scratch);
        }

        var user = JsonNode.Parse(buffer.WrittenSpan)!.AsObject();
        Apply(user);
        user.WriteTo(writer);
    }

    /// <summary>Removes from <paramref name="resource"/> what the parameters leave out.</summary>
    public void Apply(JsonObject resource)
    {
        if (only is not null)
        {
            Keep(resource, only, top: true);
        }

        if (excluded is not null)
        {
            Remove(resource, excluded, top: true);
        }
    }

    private void Keep(JsonObject node, Selection selection, bool top)
    {
        foreach (var name in node.Select(p => p.Key).ToList())
        {
            if (top && (AlwaysReturned.Contains(name, StringComparer.OrdinalIgnoreCase) || (selection.Children.ContainsKey(AllCore) && !IsExtension(name))))
            {
                continue;
            }

            if (!selection.Children.TryGetValue(name, out var child))
            {
                node.Remove(name);
            }
            else if (child is not null)
            {
                ForEachObject(node[name], o => Keep(o, child, top: false));
            }
        }
    }

    private static void Remove(JsonObject node, Selection selection, bool top)
    {
        foreach (var name in node.Select(p => p.Key).ToList())
        {
            if ((top && AlwaysReturned.Contains(name, StringComparer.OrdinalIgnoreCase)) || !selection.Children.TryGetValue(name, out var child))
            {
                continue;
            }

            if (child is null)
            {
                node.Remove(name);
            }
            else
            {
                ForEachObject(node[name], o => Remove(o, child, top: false));
            }
        }
    }

    private bool IsExtension(string name) => extensionSchemas.Contains(name, StringComparer.OrdinalIgnoreCase);

    /// <summary>Sub-attributes apply to an object, or to each element of a multi-valued attribute.</summary>
    private static void ForEachObject(JsonNode? node, Action<JsonObject> action)
    {
        if (node is JsonObject single)
        {
            action(single);
        }
        else if (node is JsonArray array)
        {
            foreach (var element in array.OfType<JsonObject>())
            {
                action(element);
            }
        }
    }

    /// <summary>A tree of attribute names; a null child selects the whole attribute.</summary>
    private sealed class Selection
    {
        public Dictionary<string, Selection?> Children { get; } = new(StringComparer.OrdinalIgnoreCase);

        public static Selection? Parse(string? list, IReadOnlyList<string> extensionSchemas)
        {
            var names = (list ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (names.Length == 0)
            {
                return null;
            }

            var root = new Selection();
            foreach (var name in names)
            {
                root.Add(Path(name, extensionSchemas));
            }

            return root;
        }

        private static List<string> Path(string name, IReadOnlyList<string> extensionSchemas)
        {
            if (name.StartsWith(CoreSchema + ":", StringComparison.OrdinalIgnoreCase))
            {
                return [.. name[(CoreSchema.Length + 1)..].Split('.')];
            }

            foreach (var schema in extensionSchemas)
            {
                if (string.Equals(name, schema, StringComparison.OrdinalIgnoreCase))
                {
                    return [schema];
                }

                if (name.StartsWith(schema + ":", StringComparison.OrdinalIgnoreCase))
                {
                    return [schema, .. name[(schema.Length + 1)..].Split('.')];
                }
            }

            return string.Equals(name, CoreSchema, StringComparison.OrdinalIgnoreCase) ? [AllCore] : [.. name.Split('.')];
        }

        private void Add(List<string> path)
        {
            var node = this;
            for (var i = 0; i < path.Count; i++)
            {
                var last = i == path.Count - 1;
                if (node.Children.TryGetValue(path[i], out var existing))
                {
                    if (existing is null)
                    {
                        return;
                    }

                    if (last)
                    {
                        node.Children[path[i]] = null;
                        return;
                    }

                    node = existing;
                }
                else if (last)
                {
                    node.Children[path[i]] = null;
                }
                else
                {
                    var child = new Selection();
                    node.Children[path[i]] = child;
                    node = child;
                }
            }
        }
    }
}
