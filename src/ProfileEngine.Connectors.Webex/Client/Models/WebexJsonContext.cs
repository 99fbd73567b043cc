using System.Text.Json;
using System.Text.Json.Serialization;

namespace ProfileEngine.Connectors.Webex.Models;

/// <summary>
/// Source-generated (de)serializers for every Webex payload the client reads or writes.
/// The models' list properties use <c>init =&gt; field = value ?? []</c> because the generator sets init-only
/// properties that are missing from the JSON to null (it builds the object with an initializer), which would
/// otherwise defeat their <c>= []</c> defaults.
/// </summary>
// Webex names fields in exact camelCase, so matching is case-sensitive: case-insensitive matching costs time on every property of every item.
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, PropertyNameCaseInsensitive = false, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(Person))]
// Person has its own converter, which reads these nested lists through this context.
[JsonSerializable(typeof(IReadOnlyList<PhoneNumber>))]
[JsonSerializable(typeof(IReadOnlyList<SipAddress>))]
[JsonSerializable(typeof(IReadOnlyList<PostalAddress>))]
[JsonSerializable(typeof(IReadOnlyList<string>))]
[JsonSerializable(typeof(License))]
[JsonSerializable(typeof(Role))]
[JsonSerializable(typeof(ComplianceEvent))]
[JsonSerializable(typeof(AdminAuditEvent))]
[JsonSerializable(typeof(Meeting))]
[JsonSerializable(typeof(MeetingUsageReport))]
[JsonSerializable(typeof(ScimUser))]
[JsonSerializable(typeof(WebexTokenResponse))]
[JsonSerializable(typeof(UserLicensesUpdate))]
[JsonSerializable(typeof(UserLicensesResponse))]
[JsonSerializable(typeof(DirectMessage))]
[JsonSerializable(typeof(Message))]
[JsonSerializable(typeof(WebexErrorBody))]
public sealed partial class WebexJsonContext : JsonSerializerContext;
