using System.Text.Json;

namespace ProfileEngine.Tests.Contract;

/// <summary>The validator itself must catch what the contract tests rely on it to catch.</summary>
public class SchemaValidatorTests
{
    private static readonly SchemaRef Person = OpenApiSpec.Admin.ComponentSchema("Person");

    private static IReadOnlyList<SchemaViolation> ValidatePerson(string json)
    {
        using var document = JsonDocument.Parse(json);
        return SchemaValidator.Validate(document.RootElement.Clone(), Person);
    }

    [Fact]
    public void A_person_shaped_as_the_spec_says_has_no_violations()
    {
        var violations = ValidatePerson("""
            {"id":"Y2lz","emails":["a@example.com"],"displayName":"A","orgId":"Y2lz","roles":[],"licenses":["Y2lz"],
             "created":"2026-01-01T00:00:00.000Z","status":"active","invitePending":"false","loginEnabled":"true","type":"person"}
            """);

        Assert.Empty(violations);
    }

    [Fact]
    public void A_misspelt_field_is_reported_as_undeclared()
    {
        var violation = Assert.Single(ValidatePerson("""{"id":"Y2lz","displayname":"A"}"""));

        Assert.Equal(ViolationKind.UndeclaredProperty, violation.Kind);
        Assert.Equal("$.displayname", violation.InstancePath);
    }

    [Fact]
    public void A_wrong_type_and_a_value_outside_the_enum_are_reported_with_their_paths()
    {
        var violations = ValidatePerson("""{"emails":"a@example.com","type":"robot"}""");

        Assert.Contains(violations, v => v.Kind == ViolationKind.TypeMismatch && v.InstancePath == "$.emails");
        Assert.Contains(violations, v => v.Kind == ViolationKind.NotInEnum && v.InstancePath == "$.type");
    }

    [Fact]
    public void Booleans_where_the_spec_says_string_are_flagged_and_excused_only_for_the_listed_fields()
    {
        var violations = ValidatePerson("""{"invitePending":false,"loginEnabled":true,"displayName":true}""");

        Assert.Equal(3, violations.Count);
        Assert.True(KnownDivergences.Excuses("webex-admin.json", violations.Single(v => v.InstancePath == "$.invitePending")));
        Assert.True(KnownDivergences.Excuses("webex-admin.json", violations.Single(v => v.InstancePath == "$.loginEnabled")));
        Assert.False(KnownDivergences.Excuses("webex-admin.json", violations.Single(v => v.InstancePath == "$.displayName")));
    }

    [Fact]
    public void References_are_followed_into_collections_and_required_fields_are_checked()
    {
        var collection = OpenApiSpec.Admin.ResponseSchema("/people", "GET", 200);
        using var document = JsonDocument.Parse("""{"items":[{"id":"Y2lz"},{"id":7}]}""");

        var violation = Assert.Single(SchemaValidator.Validate(document.RootElement, collection));
        Assert.Equal("$.items[1].id", violation.InstancePath);
        Assert.Equal("#/components/schemas/Person/properties/id", violation.SchemaLocation);

        var scimUser = OpenApiSpec.Admin.ComponentSchema("SearchUserResponse");
        using var missing = JsonDocument.Parse("{}");
        var required = SchemaValidator.Validate(missing.RootElement, scimUser);
        Assert.All(required, v => Assert.Equal(ViolationKind.MissingRequired, v.Kind));
    }

    [Fact]
    public void Null_is_refused_where_the_spec_does_not_allow_it()
    {
        var license = OpenApiSpec.Admin.ComponentSchema("License");
        using var document = JsonDocument.Parse("""{"id":"Y2lz","name":null,"consumedByUsers":null}""");

        var violations = SchemaValidator.Validate(document.RootElement, license);

        Assert.Equal(2, violations.Count);
        Assert.All(violations, v => Assert.Equal(ViolationKind.NullNotAllowed, v.Kind));
        Assert.False(KnownDivergences.Excuses("webex-admin.json", violations.Single(v => v.InstancePath == "$.name")));
        Assert.True(KnownDivergences.Excuses("webex-admin.json", violations.Single(v => v.InstancePath == "$.consumedByUsers")));
    }
}
