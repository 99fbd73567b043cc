using System.Text.Json;
using System.Text.Json.Nodes;
using ProfileEngine.Connectors.Webex.Models;
using ProfileEngine.UserActivity;

namespace ProfileEngine.Connectors.Webex.UserActivity;

/// <summary>
/// What counts as meaningful activity, per product. It comes from the definition's <c>rules</c> input, so SAM
/// administrators change it without code; without one, from the shipped <c>meaningful-activity-rules.json</c> (the one
/// copy both Webex subflows use, so the reclaim's re-check counts what the activity subflow counts). Its rules are ServiceNow's: hosting for Meetings, sending or updating
/// messages, uploading files and creating or updating memberships for Messaging, call records for Calling, and
/// hosting a training session, an event or a support session for Training, Events and Support (read from the site's
/// usage report with that service type; Meetings hosting from the same report with MeetingCenter). Attending does not count.
/// The older <c>{"stream": "meetings"}</c> rule reads the MeetingCenter usage report too: Webex's <c>/v1/meetings</c>
/// lists only the caller's own meetings, never the whole org's.
/// </summary>
public sealed class MeaningfulActivityRules
{
    public const string EventsStream = "events";
    /// <summary>An alias of the MeetingCenter usage report (see the class summary).</summary>
    public const string MeetingsStream = "meetings";
    public const string AdminAuditStream = "adminAudit";

    /// <summary>The site usage report (<c>/v1/meetingReports/usage</c>), one service type per rule.</summary>
    public const string MeetingReportsStream = "meetingReports";

    /// <summary>The People API's <c>lastActivity</c>: a presence signal, counted only when a rule names it.</summary>
    public const string PresenceStream = "presence";

    private static readonly string[] Streams = [EventsStream, MeetingsStream, MeetingReportsStream, AdminAuditStream, PresenceStream];

    private readonly Dictionary<(string Resource, string Type), List<string>> _eventProducts = [];
    private readonly Dictionary<string, List<string>> _reportHostingProducts = new(StringComparer.Ordinal);
    private readonly List<(string? Category, string Product)> _auditProducts = [];
    private readonly List<string> _presenceProducts = [];
    private readonly Dictionary<string, HashSet<string>> _streamsByProduct = new(StringComparer.Ordinal);

    private MeaningfulActivityRules()
    {
    }

    /// <summary>The shipped rules (one copy, beside the connector's assembly), used by every definition that gives no <c>rules</c>.</summary>
    public const string DefaultFileName = "meaningful-activity-rules.json";

    private static readonly Lazy<JsonObject> Shipped = new(() =>
    {
        var path = Path.Combine(AppContext.BaseDirectory, "UserActivity", DefaultFileName);
        try
        {
            return JsonNode.Parse(File.ReadAllText(path)) as JsonObject
                ?? throw new InvalidOperationException($"The meaningful-activity rules {path} must be a JSON object of product name → list of rules.");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            throw new InvalidOperationException($"The meaningful-activity rules {path} cannot be read: {e.Message}", e);
        }
    });

    /// <summary>The rules as a definition writes them (product name → list of <c>{stream, resource, types}</c>): the shipped defaults.</summary>
    public static JsonObject DefaultJson => (JsonObject)Shipped.Value.DeepClone();

    public bool ReadsEvents => _eventProducts.Count > 0;

    public bool ReadsAdminAudit => _auditProducts.Count > 0;

    /// <summary>The usage-report service types some rule reads (e.g. TrainingCenter), each with the products hosting counts for.</summary>
    public IReadOnlyDictionary<string, List<string>> ReportHostingProducts => _reportHostingProducts;

    public bool ReadsPresence => _presenceProducts.Count > 0;

    public IReadOnlyList<string> PresenceProducts => _presenceProducts;

    /// <summary>The products the rules name.</summary>
    public IEnumerable<string> Products => _streamsByProduct.Keys;

    /// <summary>
    /// The streams whose reading counts for a product (e.g. <c>events</c>, <c>meetingReports-MeetingCenter</c>): its
    /// activity is known only where all of them have been read.
    /// </summary>
    public IReadOnlyCollection<string> StreamsOf(string product) =>
        _streamsByProduct.TryGetValue(product, out var streams) ? streams : [];

    /// <summary>The stream of one usage-report service type, e.g. <c>meetingReports-TrainingCenter</c>.</summary>
    public static string UsageReportStream(string serviceType) => MeetingReportsStream + "-" + serviceType;

    /// <summary>Reads the rules; every mistake is named with its place (e.g. <c>rules.Messaging[1].types</c>).</summary>
    public static MeaningfulActivityRules Parse(JsonNode? json)
    {
        var rules = new MeaningfulActivityRules();
        if (json is null)
        {
            json = DefaultJson;
        }

        if (json is not JsonObject products || products.Count == 0)
        {
            throw new ArgumentException("rules must be an object of product name → list of rules, e.g. {\"Messaging\": [{\"stream\": \"events\", \"resource\": \"messages\", \"types\": [\"created\"]}]}.");
        }

        foreach (var (product, list) in products)
        {
            if (list is not JsonArray items || items.Count == 0)
            {
                throw new ArgumentException($"rules.{product} must be a non-empty list of rules.");
            }

            for (var i = 0; i < items.Count; i++)
            {
                var where = $"rules.{product}[{i}]";
                if (items[i] is not JsonObject rule)
                {
                    throw new ArgumentException($"{where} must be an object.");
                }

                var stream = Text(rule, "stream", where);
                switch (stream)
                {
                    case EventsStream:
                        var resource = Text(rule, "resource", where);
                        var types = rule["types"] is JsonArray typeList && typeList.Count > 0
                            ? typeList.Select(t => t is JsonValue v && v.TryGetValue<string>(out var s) ? s : throw new ArgumentException($"{where}.types must list strings."))
                            : throw new ArgumentException($"{where}.types must list the event types that count, e.g. [\"created\"].");
                        foreach (var type in types)
                        {
                            var key = (resource, type);
                            if (!rules._eventProducts.TryGetValue(key, out var targets))
                            {
                                rules._eventProducts[key] = targets = [];
                            }

                            targets.Add(product);
                        }

                        rules.Counts(product, EventsStream);
                        break;
                    case MeetingsStream:
                    case MeetingReportsStream:
                        var serviceType = stream == MeetingsStream ? MeetingUsageQuery.MeetingCenter : Text(rule, "serviceType", where);
                        if (!MeetingUsageQuery.ServiceTypes.Contains(serviceType))
                        {
                            throw new ArgumentException($"{where}.serviceType '{serviceType}' is not known (use {string.Join(", ", MeetingUsageQuery.ServiceTypes)}).");
                        }

                        RequireHostRole(rule, where, "the usage report");
                        if (!rules._reportHostingProducts.TryGetValue(serviceType, out var hosting))
                        {
                            rules._reportHostingProducts[serviceType] = hosting = [];
                        }

                        if (!hosting.Contains(product))
                        {
                            hosting.Add(product);
                        }

                        rules.Counts(product, UsageReportStream(serviceType));
                        break;
                    case AdminAuditStream:
                        var category = rule["category"] is JsonValue c && c.TryGetValue<string>(out var categoryText) ? categoryText : null;
                        rules._auditProducts.Add((category, product));
                        rules.Counts(product, AdminAuditStream);
                        break;
                    case PresenceStream:
                        rules._presenceProducts.Add(product);
                        rules.Counts(product, PresenceStream);
                        break;
                    default:
                        throw new ArgumentException($"{where}.stream '{stream}' is not known (use {string.Join(", ", Streams)}).");
                }
            }
        }

        return rules;
    }

    public IReadOnlyList<string> ProductsOf(ComplianceEvent item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return item.Resource is { } resource && item.Type is { } type && _eventProducts.TryGetValue((resource, type), out var products)
            ? products
            : [];
    }

    public IEnumerable<string> ProductsOf(AdminAuditEvent item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var category = item.Data?.EventCategory;
        return _auditProducts
            .Where(rule => rule.Category is null || (category is not null && category.EndsWith(rule.Category, StringComparison.OrdinalIgnoreCase)))
            .Select(rule => rule.Product);
    }

    private void Counts(string product, string stream)
    {
        if (!_streamsByProduct.TryGetValue(product, out var streams))
        {
            _streamsByProduct[product] = streams = new HashSet<string>(StringComparer.Ordinal);
        }

        streams.Add(stream);
    }

    private static void RequireHostRole(JsonObject rule, string where, string source)
    {
        var role = rule["role"] is JsonValue r && r.TryGetValue<string>(out var roleText) ? roleText : "host";
        if (role != "host")
        {
            throw new ArgumentException($"{where}.role '{role}' is not supported: only hosting is read from {source}.");
        }
    }

    private static string Text(JsonObject rule, string name, string where) =>
        rule[name] is JsonValue value && value.GetValueKind() == JsonValueKind.String && value.GetValue<string>() is { Length: > 0 } text
            ? text
            : throw new ArgumentException($"{where}.{name} is required.");
}
