using System.Text.Json;
using ProfileEngine.WebexSimulator.Json;
using ProfileEngine.WebexSimulator.Org;

namespace ProfileEngine.WebexSimulator.People;

/// <summary>The admin view of a Person (SPEC-ADMIN <c>Person</c>); absent optional fields are omitted.</summary>
public static class PersonJson
{
    private static readonly TimeSpan ActiveWindow = TimeSpan.FromMinutes(10);

    /// <param name="view">
    /// <see cref="PersonView.IdLookup"/> for <c>GET /v1/people?id=</c>, which the spec says carries neither presence
    /// (lastActivity, status) nor the admin fields licenses and roles.
    /// </param>
    public static void Write(Utf8JsonWriter writer, Person person, OrgData org, DateTimeOffset now, PersonView view)
    {
        var full = view == PersonView.Full;
        writer.WriteStartObject();
        writer.WriteString("id", person.Id);
        writer.WriteStartArray("emails");
        writer.WriteStringValue(person.Email);
        writer.WriteEndArray();
        if (person.PhoneNumbers.Count > 0)
        {
            writer.WriteStartArray("phoneNumbers");
            foreach (var number in person.PhoneNumbers)
            {
                writer.WriteStartObject();
                writer.WriteString("type", number.Type);
                writer.WriteString("value", number.Value);
                writer.WriteBoolean("primary", number.Primary);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        writer.WriteString("displayName", person.DisplayName);
        WriteIfSet(writer, "nickName", person.NickName);
        WriteIfSet(writer, "firstName", person.FirstName);
        WriteIfSet(writer, "lastName", person.LastName);
        writer.WriteString("orgId", org.OrgId);
        if (full)
        {
            WriteAdminFields(writer, person, org);
        }

        WriteIfSet(writer, "department", person.Department);
        WriteIfSet(writer, "title", person.Title);
        writer.WriteTime("created", person.Created);
        writer.WriteTime("lastModified", person.LastModified);
        WriteIfSet(writer, "timezone", person.Timezone);
        var lastActivity = person.LastActivity is { } la && la <= now ? la : (DateTimeOffset?)null;
        if (full)
        {
            if (lastActivity is { } known)
            {
                writer.WriteTime("lastActivity", known);
            }

            writer.WriteString("status", Status(person, lastActivity, now));
        }

        writer.WriteBoolean("invitePending", person.InvitePending);
        writer.WriteBoolean("loginEnabled", person.LoginEnabled);
        writer.WriteString("type", person.TypeName);
        writer.WriteEndObject();
    }

    private static void WriteAdminFields(Utf8JsonWriter writer, Person person, OrgData org)
    {
        writer.WriteStartArray("roles");
        foreach (var role in person.RoleIndexes)
        {
            writer.WriteStringValue(org.Roles[role].Id);
        }

        writer.WriteEndArray();
        writer.WriteStartArray("licenses");
        var bits = person.LicenseBits;
        for (var i = 0; bits != 0 && i < org.Licenses.Count; i++, bits >>= 1)
        {
            if ((bits & 1) != 0)
            {
                writer.WriteStringValue(org.Licenses[i].Id);
            }
        }

        writer.WriteEndArray();
    }

    private static string Status(Person person, DateTimeOffset? lastActivity, DateTimeOffset now) =>
        person.InvitePending ? "pending"
        : lastActivity is null ? "unknown"
        : now - lastActivity.Value <= ActiveWindow ? "active"
        : "inactive";

    private static void WriteIfSet(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }
}
