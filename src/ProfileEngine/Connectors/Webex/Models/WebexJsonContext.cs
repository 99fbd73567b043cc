using System.Text.Json;
using System.Text.Json.Serialization;

namespace ProfileEngine.Connectors.Webex.Models;

/// <summary>Source-generated (de)serializers for every Webex payload the client reads or writes.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(Person))]
[JsonSerializable(typeof(PersonUpdate))]
[JsonSerializable(typeof(License))]
[JsonSerializable(typeof(LicenseAssignedUser))]
[JsonSerializable(typeof(Role))]
[JsonSerializable(typeof(Organization))]
[JsonSerializable(typeof(ComplianceEvent))]
[JsonSerializable(typeof(AdminAuditEvent))]
[JsonSerializable(typeof(Meeting))]
[JsonSerializable(typeof(ScimUser))]
[JsonSerializable(typeof(WebexTokenResponse))]
[JsonSerializable(typeof(UserLicensesUpdate))]
[JsonSerializable(typeof(UserLicensesResponse))]
[JsonSerializable(typeof(DirectMessage))]
[JsonSerializable(typeof(Message))]
[JsonSerializable(typeof(WebexErrorBody))]
public sealed partial class WebexJsonContext : JsonSerializerContext;
