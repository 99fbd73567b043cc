using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using ProfileEngine.Subscriptions;

namespace ProfileEngine.Connectors.Webex.Subscriptions;

/// <summary>One product definition: the model a recognized license gets.</summary>
public sealed record CatalogEntry(
    string Key,
    string Product,
    string Edition,
    bool Free,
    bool Implicit,
    bool PerSite,
    IReadOnlyList<string> OfferCodes,
    IReadOnlyList<Regex> NamePatterns,
    decimal? UnitPrice)
{
    /// <summary>The edition of the model for a license on <paramref name="siteUrl"/> (per-site offers name the site).</summary>
    public string EditionFor(string? siteUrl) => PerSite && !string.IsNullOrEmpty(siteUrl) ? $"{Edition} ({siteUrl})" : Edition;
}

/// <summary>A catalog file that cannot be used: the message names the file, the entry and what is wrong.</summary>
public sealed class ProductCatalogException(string message) : Exception(message);

/// <summary>
/// The product-definition catalog (<c>webex-product-catalog.json</c>): publisher, and per Webex offer the product,
/// edition and whether it is free. A license is recognized by the offer code inside its id, else by its name.
/// </summary>
public sealed class ProductCatalog
{
    public const string DefaultFileName = "webex-product-catalog.json";

    /// <summary>
    /// A bound on one name match, against a catalog pattern that backtracks without end. Generous: a license name is a
    /// few dozen characters, and a tight bound tripped on ordinary names when the machine was busy.
    /// </summary>
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(2);

    private readonly Dictionary<string, CatalogEntry> _byOfferCode;

    private ProductCatalog(string source, string publisher, string profileType, IReadOnlyList<CatalogEntry> entries)
    {
        Source = source;
        Publisher = publisher;
        ProfileType = profileType;
        Entries = entries;
        _byOfferCode = new Dictionary<string, CatalogEntry>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in entries)
        {
            foreach (var code in entry.OfferCodes)
            {
                _byOfferCode[code] = entry;
            }
        }
    }

    public string Source { get; }

    public string Publisher { get; }

    public string ProfileType { get; }

    public IReadOnlyList<CatalogEntry> Entries { get; }

    /// <summary>The catalog shipped next to the engine's assembly (Subscriptions/webex-product-catalog.json).</summary>
    public static string DefaultPath => Path.Combine(AppContext.BaseDirectory, "Subscriptions", DefaultFileName);

    public static ProductCatalog Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string json;
        try
        {
            json = File.ReadAllText(path, Encoding.UTF8);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ProductCatalogException($"The product catalog {path} cannot be read: {e.Message}");
        }

        return Parse(json, path);
    }

    public static ProductCatalog Parse(string json, string source)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(source);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new ProductCatalogException($"The product catalog {source} is not valid JSON (line {e.LineNumber + 1}): {e.Message}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new ProductCatalogException($"The product catalog {source}: $ must be an object with 'publisher', 'profileType' and 'entries'.");
            }

            var publisher = RequiredString(root, "publisher", source, "$");
            var profileType = RequiredString(root, "profileType", source, "$");
            if (!root.TryGetProperty("entries", out var list) || list.ValueKind != JsonValueKind.Array || list.GetArrayLength() == 0)
            {
                throw new ProductCatalogException($"The product catalog {source}: $.entries must be a non-empty array.");
            }

            var entries = new List<CatalogEntry>();
            var keys = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var codes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            var index = 0;
            foreach (var item in list.EnumerateArray())
            {
                var path = $"$.entries[{index}]";
                if (item.ValueKind != JsonValueKind.Object)
                {
                    throw new ProductCatalogException($"The product catalog {source}: {path} must be an object.");
                }

                var key = RequiredString(item, "key", source, path);
                var where = $"{path} (key '{key}')";
                if (!keys.Add(key))
                {
                    throw new ProductCatalogException($"The product catalog {source}: {where}: the key is used by an earlier entry.");
                }

                var product = RequiredString(item, "product", source, where);
                var edition = RequiredString(item, "edition", source, where);
                var free = OptionalBool(item, "free", source, where);
                var isImplicit = OptionalBool(item, "implicit", source, where);
                var perSite = OptionalBool(item, "perSite", source, where);
                if (isImplicit && !free)
                {
                    throw new ProductCatalogException($"The product catalog {source}: {where}: an implicit license must also be free.");
                }

                var offerCodes = StringList(item, "offerCodes", source, where);
                foreach (var code in offerCodes)
                {
                    if (!codes.TryAdd(code, key))
                    {
                        throw new ProductCatalogException($"The product catalog {source}: {where}: the offer code '{code}' is already claimed by '{codes[code]}'.");
                    }
                }

                var patterns = new List<Regex>();
                foreach (var pattern in StringList(item, "namePatterns", source, where))
                {
                    try
                    {
                        patterns.Add(new Regex(pattern, RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, MatchTimeout));
                    }
                    catch (ArgumentException e)
                    {
                        throw new ProductCatalogException($"The product catalog {source}: {where}: the name pattern '{pattern}' is not a valid regular expression: {e.Message}");
                    }
                }

                if (offerCodes.Count == 0 && patterns.Count == 0)
                {
                    throw new ProductCatalogException($"The product catalog {source}: {where}: give 'offerCodes' or 'namePatterns', or the entry can never match.");
                }

                decimal? price = null;
                if (item.TryGetProperty("unitPrice", out var priceElement) && priceElement.ValueKind != JsonValueKind.Null)
                {
                    if (priceElement.ValueKind != JsonValueKind.Number || !priceElement.TryGetDecimal(out var value) || value < 0)
                    {
                        throw new ProductCatalogException($"The product catalog {source}: {where}: 'unitPrice' must be a non-negative number.");
                    }

                    if (free)
                    {
                        throw new ProductCatalogException($"The product catalog {source}: {where}: a free license is never priced; remove 'unitPrice'.");
                    }

                    price = value;
                }

                entries.Add(new CatalogEntry(key, product, edition, free, isImplicit, perSite, offerCodes, patterns, price));
                index++;
            }

            return new ProductCatalog(source, publisher, profileType, entries);
        }
    }

    /// <summary>The entry that recognizes this license (offer code in its id first, then its name), or null.</summary>
    public CatalogEntry? Match(string licenseId, string? name)
    {
        if (OfferCode(licenseId) is { } code && _byOfferCode.TryGetValue(code, out var byCode))
        {
            return byCode;
        }

        return string.IsNullOrEmpty(name) ? null : Entries.FirstOrDefault(e => e.NamePatterns.Any(p => p.IsMatch(name)));
    }

    /// <summary>
    /// The offer code inside a Webex license id: base64 of <c>ciscospark://us/LICENSE/&lt;org&gt;:&lt;OFFER&gt;_…</c>; null
    /// when the id has another shape.
    /// </summary>
    public static string? OfferCode(string licenseId)
    {
        if (string.IsNullOrEmpty(licenseId) || licenseId.Length > 1000)
        {
            return null;
        }

        var padded = (licenseId.Length % 4) switch
        {
            2 => licenseId + "==",
            3 => licenseId + "=",
            _ => licenseId,
        };
        var buffer = new byte[padded.Length];
        if (!Convert.TryFromBase64String(padded, buffer, out var length))
        {
            return null;
        }

        var text = Encoding.UTF8.GetString(buffer, 0, length);
        const string prefix = "ciscospark://";
        var marker = text.IndexOf("/LICENSE/", StringComparison.Ordinal);
        if (!text.StartsWith(prefix, StringComparison.Ordinal) || marker < 0)
        {
            return null;
        }

        var value = text[(marker + "/LICENSE/".Length)..];
        var colon = value.IndexOf(':', StringComparison.Ordinal);
        var rest = colon >= 0 ? value[(colon + 1)..] : value;
        var underscore = rest.IndexOf('_', StringComparison.Ordinal);
        var code = underscore > 0 ? rest[..underscore] : null;
        return code is { Length: <= 20 } ? code.ToUpper(CultureInfo.InvariantCulture) : null;
    }

    private static string RequiredString(JsonElement element, string name, string source, string where) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(value.GetString())
            ? value.GetString()!.Trim()
            : throw new ProductCatalogException($"The product catalog {source}: {where}: '{name}' is required and must be a non-empty string.");

    private static bool OptionalBool(JsonElement element, string name, string source, string where)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return false;
        }

        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new ProductCatalogException($"The product catalog {source}: {where}: '{name}' must be true or false."),
        };
    }

    private static List<string> StringList(JsonElement element, string name, string source, string where)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(v.GetString())))
        {
            throw new ProductCatalogException($"The product catalog {source}: {where}: '{name}' must be an array of non-empty strings.");
        }

        return [.. value.EnumerateArray().Select(v => v.GetString()!.Trim())];
    }
}
