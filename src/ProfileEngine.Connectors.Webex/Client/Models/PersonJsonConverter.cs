using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace ProfileEngine.Connectors.Webex.Models;

/// <summary>
/// Reads a <see cref="Person"/> field by field. People are the largest listing (100,000 in a big org, every
/// day), and matching each field name once on its UTF-8 bytes is markedly cheaper than the general
/// object reader. Unknown fields are skipped; ids that repeat across the org are shared (<see cref="SharedStrings"/>).
/// </summary>
public sealed class PersonJsonConverter : JsonConverter<Person>
{
    public override Person Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"Expected a person object but found {reader.TokenType}.");
        }

        string? id = null;
        string? type = null;
        string? orgId = null;
        IReadOnlyList<string> roles = [];
        string? title = null;
        IReadOnlyList<string> emails = [];
        string? avatar = null;
        string? status = null;
        DateTimeOffset? created = null;
        string? manager = null;
        IReadOnlyList<string> licenses = [];
        string? lastName = null;
        string? nickName = null;
        IReadOnlyList<string> siteUrls = [];
        string? timezone = null;
        string? firstName = null;
        string? extension = null;
        IReadOnlyList<PostalAddress> addresses = [];
        string? managerId = null;
        string? locationId = null;
        string? department = null;
        string? displayName = null;
        DateTimeOffset? lastModified = null;
        DateTimeOffset? lastActivity = null;
        IReadOnlyList<PhoneNumber> phoneNumbers = [];
        IReadOnlyList<SipAddress> sipAddresses = [];
        bool? loginEnabled = null;
        bool? invitePending = null;
        string? xmppFederationJid = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            // Webex never escapes its field names, but JSON allows it: such a name is unescaped the slow way.
            ReadOnlySpan<byte> name = reader.ValueIsEscaped ? Encoding.UTF8.GetBytes(reader.GetString()!) : reader.ValueSpan;
            reader.Read();

            switch (name.Length)
            {
                case 2 when name.SequenceEqual("id"u8):
                    id = reader.GetString();
                    break;
                case 4 when name.SequenceEqual("type"u8):
                    type = reader.GetString();
                    break;
                case 5 when name.SequenceEqual("orgId"u8):
                    orgId = SharedStrings.ReadNullable(ref reader);
                    break;
                case 5 when name.SequenceEqual("roles"u8):
                    roles = SharedStrings.ReadList(ref reader);
                    break;
                case 5 when name.SequenceEqual("title"u8):
                    title = reader.GetString();
                    break;
                case 6 when name.SequenceEqual("emails"u8):
                    emails = ReadStrings(ref reader);
                    break;
                case 6 when name.SequenceEqual("avatar"u8):
                    avatar = reader.GetString();
                    break;
                case 6 when name.SequenceEqual("status"u8):
                    status = reader.GetString();
                    break;
                case 7 when name.SequenceEqual("created"u8):
                    created = ReadTime(ref reader);
                    break;
                case 7 when name.SequenceEqual("manager"u8):
                    manager = reader.GetString();
                    break;
                case 8 when name.SequenceEqual("licenses"u8):
                    licenses = SharedStrings.ReadList(ref reader);
                    break;
                case 8 when name.SequenceEqual("lastName"u8):
                    lastName = reader.GetString();
                    break;
                case 8 when name.SequenceEqual("nickName"u8):
                    nickName = reader.GetString();
                    break;
                case 8 when name.SequenceEqual("siteUrls"u8):
                    siteUrls = ReadStrings(ref reader);
                    break;
                case 8 when name.SequenceEqual("timezone"u8):
                    timezone = reader.GetString();
                    break;
                case 9 when name.SequenceEqual("firstName"u8):
                    firstName = reader.GetString();
                    break;
                case 9 when name.SequenceEqual("extension"u8):
                    extension = reader.GetString();
                    break;
                case 9 when name.SequenceEqual("addresses"u8):
                    addresses = Nested(ref reader, options, static o => o.GetTypeInfo(typeof(IReadOnlyList<PostalAddress>))) as IReadOnlyList<PostalAddress> ?? [];
                    break;
                case 9 when name.SequenceEqual("managerId"u8):
                    managerId = reader.GetString();
                    break;
                case 10 when name.SequenceEqual("locationId"u8):
                    locationId = reader.GetString();
                    break;
                case 10 when name.SequenceEqual("department"u8):
                    department = reader.GetString();
                    break;
                case 11 when name.SequenceEqual("displayName"u8):
                    displayName = reader.GetString();
                    break;
                case 12 when name.SequenceEqual("lastModified"u8):
                    lastModified = ReadTime(ref reader);
                    break;
                case 12 when name.SequenceEqual("lastActivity"u8):
                    lastActivity = ReadTime(ref reader);
                    break;
                case 12 when name.SequenceEqual("phoneNumbers"u8):
                    phoneNumbers = Nested(ref reader, options, static o => o.GetTypeInfo(typeof(IReadOnlyList<PhoneNumber>))) as IReadOnlyList<PhoneNumber> ?? [];
                    break;
                case 12 when name.SequenceEqual("sipAddresses"u8):
                    sipAddresses = Nested(ref reader, options, static o => o.GetTypeInfo(typeof(IReadOnlyList<SipAddress>))) as IReadOnlyList<SipAddress> ?? [];
                    break;
                case 12 when name.SequenceEqual("loginEnabled"u8):
                    loginEnabled = WebexFlag.Read(ref reader);
                    break;
                case 13 when name.SequenceEqual("invitePending"u8):
                    invitePending = WebexFlag.Read(ref reader);
                    break;
                case 17 when name.SequenceEqual("xmppFederationJid"u8):
                    xmppFederationJid = reader.GetString();
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        if (reader.TokenType != JsonTokenType.EndObject)
        {
            throw new JsonException($"Expected the end of the person object but found {reader.TokenType}.");
        }

        return string.IsNullOrEmpty(id)
            ? throw new JsonException("A person has no 'id'.")
            : new Person
            {
                Id = id,
                Type = type,
                OrgId = orgId,
                Roles = roles,
                Title = title,
                Emails = emails,
                Avatar = avatar,
                Status = status,
                Created = created,
                Manager = manager,
                Licenses = licenses,
                LastName = lastName,
                NickName = nickName,
                SiteUrls = siteUrls,
                Timezone = timezone,
                FirstName = firstName,
                Extension = extension,
                Addresses = addresses,
                ManagerId = managerId,
                LocationId = locationId,
                Department = department,
                DisplayName = displayName,
                LastModified = lastModified,
                LastActivity = lastActivity,
                PhoneNumbers = phoneNumbers,
                SipAddresses = sipAddresses,
                LoginEnabled = loginEnabled,
                InvitePending = invitePending,
                XmppFederationJid = xmppFederationJid,
            };
    }

    public override void Write(Utf8JsonWriter writer, Person value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteStartObject();
        writer.WriteString("id"u8, value.Id);
        writer.WritePropertyName("emails"u8);
        JsonSerializer.Serialize(writer, value.Emails, options.GetTypeInfo(typeof(IReadOnlyList<string>)));
        writer.WritePropertyName("phoneNumbers"u8);
        JsonSerializer.Serialize(writer, value.PhoneNumbers, options.GetTypeInfo(typeof(IReadOnlyList<PhoneNumber>)));
        WriteIfSet(writer, "extension"u8, value.Extension);
        WriteIfSet(writer, "locationId"u8, value.LocationId);
        WriteIfSet(writer, "displayName"u8, value.DisplayName);
        WriteIfSet(writer, "nickName"u8, value.NickName);
        WriteIfSet(writer, "firstName"u8, value.FirstName);
        WriteIfSet(writer, "lastName"u8, value.LastName);
        WriteIfSet(writer, "avatar"u8, value.Avatar);
        WriteIfSet(writer, "orgId"u8, value.OrgId);
        writer.WritePropertyName("roles"u8);
        JsonSerializer.Serialize(writer, value.Roles, options.GetTypeInfo(typeof(IReadOnlyList<string>)));
        writer.WritePropertyName("licenses"u8);
        JsonSerializer.Serialize(writer, value.Licenses, options.GetTypeInfo(typeof(IReadOnlyList<string>)));
        WriteIfSet(writer, "department"u8, value.Department);
        WriteIfSet(writer, "manager"u8, value.Manager);
        WriteIfSet(writer, "managerId"u8, value.ManagerId);
        WriteIfSet(writer, "title"u8, value.Title);
        writer.WritePropertyName("addresses"u8);
        JsonSerializer.Serialize(writer, value.Addresses, options.GetTypeInfo(typeof(IReadOnlyList<PostalAddress>)));
        if (value.Created is { } created)
        {
            writer.WriteString("created"u8, created);
        }

        if (value.LastModified is { } lastModified)
        {
            writer.WriteString("lastModified"u8, lastModified);
        }

        WriteIfSet(writer, "timezone"u8, value.Timezone);
        if (value.LastActivity is { } lastActivity)
        {
            writer.WriteString("lastActivity"u8, lastActivity);
        }

        writer.WritePropertyName("siteUrls"u8);
        JsonSerializer.Serialize(writer, value.SiteUrls, options.GetTypeInfo(typeof(IReadOnlyList<string>)));
        writer.WritePropertyName("sipAddresses"u8);
        JsonSerializer.Serialize(writer, value.SipAddresses, options.GetTypeInfo(typeof(IReadOnlyList<SipAddress>)));
        WriteIfSet(writer, "xmppFederationJid"u8, value.XmppFederationJid);
        WriteIfSet(writer, "status"u8, value.Status);
        if (value.InvitePending is { } invitePending)
        {
            writer.WriteBoolean("invitePending"u8, invitePending);
        }

        if (value.LoginEnabled is { } loginEnabled)
        {
            writer.WriteBoolean("loginEnabled"u8, loginEnabled);
        }

        WriteIfSet(writer, "type"u8, value.Type);
        writer.WriteEndObject();
    }

    private static void WriteIfSet(Utf8JsonWriter writer, ReadOnlySpan<byte> name, string? text)
    {
        if (text is not null)
        {
            writer.WriteString(name, text);
        }
    }

    private static List<string> ReadStrings(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return [];
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException($"Expected an array of strings but found {reader.TokenType}.");
        }

        var items = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            items.Add(reader.GetString() ?? throw new JsonException("A list of strings holds a null."));
        }

        return items;
    }

    private static DateTimeOffset? ReadTime(ref Utf8JsonReader reader) =>
        reader.TokenType switch
        {
            JsonTokenType.Null => null,
            JsonTokenType.String when reader.TryGetDateTimeOffset(out var time) => time,
            _ => throw new JsonException($"Expected an ISO-8601 time but found {reader.TokenType} '{reader.GetString()}'."),
        };

    private static object? Nested(ref Utf8JsonReader reader, JsonSerializerOptions options, Func<JsonSerializerOptions, JsonTypeInfo> typeInfo) =>
        reader.TokenType == JsonTokenType.Null ? null : JsonSerializer.Deserialize(ref reader, typeInfo(options));
}
