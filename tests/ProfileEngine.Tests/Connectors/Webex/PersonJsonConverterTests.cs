using System.Text.Json;
using ProfileEngine.Connectors.Webex.Models;

namespace ProfileEngine.Tests.Connectors.Webex;

public sealed class PersonJsonConverterTests
{

    private const string FullPerson = """
        {"id":"P1","emails":["john@example.com"],"phoneNumbers":[{"type":"work","value":"+1 408 526 7209","primary":true}],
         "extension":"133","locationId":"L1","displayName":"John Andersen","nickName":"John","firstName":"John","lastName":"Andersen",
         "avatar":"https://a.example/x","orgId":"O1","roles":["R1"],"licenses":["L1","L2"],"department":"Sales","manager":"Jane",
         "managerId":"M1","title":"GM","addresses":[{"type":"work","country":"US","locality":"Milpitas","region":"California","streetAddress":"1 Main","postalCode":"99212"}],
         "created":"2015-10-18T14:26:16.000Z","lastModified":"2015-10-19T14:26:16.000Z","timezone":"America/Denver",
         "lastActivity":"2015-10-20T14:26:16.028Z","siteUrls":["site.webex.com#attendee"],
         "sipAddresses":[{"type":"personal-room","value":"john@site.calls.webex.com","primary":false}],
         "xmppFederationJid":"john@example.com","status":"active","invitePending":"false","loginEnabled":true,"type":"person",
         "somethingNew":{"nested":[1,{"deeper":true}]}}
        """;

    [Fact]
    public void Every_field_of_a_person_is_read_and_unknown_fields_are_skipped()
    {
        var person = JsonSerializer.Deserialize(FullPerson, WebexJsonContext.Default.Person)!;

        Assert.Equal(("P1", "John Andersen", "John", "John", "Andersen"), (person.Id, person.DisplayName, person.NickName, person.FirstName, person.LastName));
        Assert.Equal(["john@example.com"], person.Emails);
        Assert.Equal(new PhoneNumber("work", "+1 408 526 7209", true), Assert.Single(person.PhoneNumbers));
        Assert.Equal(("133", "L1", "https://a.example/x", "O1"), (person.Extension, person.LocationId, person.Avatar, person.OrgId));
        Assert.Equal(["R1"], person.Roles);
        Assert.Equal(["L1", "L2"], person.Licenses);
        Assert.Equal(("Sales", "Jane", "M1", "GM"), (person.Department, person.Manager, person.ManagerId, person.Title));
        Assert.Equal("Milpitas", Assert.Single(person.Addresses).Locality);
        Assert.Equal(new DateTimeOffset(2015, 10, 18, 14, 26, 16, TimeSpan.Zero), person.Created);
        Assert.Equal(new DateTimeOffset(2015, 10, 19, 14, 26, 16, TimeSpan.Zero), person.LastModified);
        Assert.Equal(new DateTimeOffset(2015, 10, 20, 14, 26, 16, 28, TimeSpan.Zero), person.LastActivity);
        Assert.Equal("America/Denver", person.Timezone);
        Assert.Equal(["site.webex.com#attendee"], person.SiteUrls);
        Assert.Equal("personal-room", Assert.Single(person.SipAddresses).Type);
        Assert.Equal(("john@example.com", "active", "person"), (person.XmppFederationJid, person.Status, person.Type));
        Assert.Equal((false, true), (person.InvitePending, person.LoginEnabled));
    }

    [Fact]
    public void Escaped_field_names_are_understood()
    {
        var person = JsonSerializer.Deserialize("""{"\u0069d":"P2","display\u004Eame":"Esc"}""", WebexJsonContext.Default.Person)!;

        Assert.Equal(("P2", "Esc"), (person.Id, person.DisplayName));
    }

    [Theory]
    [InlineData("""{"displayName":"No id"}""", "no 'id'")]
    [InlineData("""{"id":"P3","created":"yesterday"}""", "ISO-8601")]
    [InlineData("""{"id":"P3","licenses":"L1"}""", "array of strings")]
    [InlineData("""{"id":"P3","loginEnabled":"maybe"}""", "Expected true, false")]
    public void A_malformed_person_is_refused_with_the_reason(string json, string reason)
    {
        var error = Assert.ThrowsAny<JsonException>(() => JsonSerializer.Deserialize(json, WebexJsonContext.Default.Person));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Writing_and_reading_a_person_gives_the_same_person()
    {
        var person = JsonSerializer.Deserialize(FullPerson, WebexJsonContext.Default.Person)!;

        var written = JsonSerializer.Serialize(person, WebexJsonContext.Default.Person);
        var again = JsonSerializer.Deserialize(written, WebexJsonContext.Default.Person)!;

        Assert.Equal(written, JsonSerializer.Serialize(again, WebexJsonContext.Default.Person));
        Assert.Contains("\"lastActivity\":\"2015-10-20T14:26:16.028+00:00\"", written, StringComparison.Ordinal);
        Assert.Contains("\"invitePending\":false", written, StringComparison.Ordinal);
    }

    [Fact]
    public void License_and_org_ids_repeated_across_people_are_one_shared_string()
    {
        var people = new[]
        {
            JsonSerializer.Deserialize("""{"id":"A","orgId":"ORG-X","licenses":["LIC-SHARED-1"]}""", WebexJsonContext.Default.Person)!,
            JsonSerializer.Deserialize("""{"id":"B","orgId":"ORG-X","licenses":["LIC-SHARED-1"]}""", WebexJsonContext.Default.Person)!,
        };

        Assert.Same(people[0].Licenses[0], people[1].Licenses[0]);
        Assert.Same(people[0].OrgId, people[1].OrgId);
    }
}
