using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ProfileEngine.WebexSimulator;

namespace ProfileEngine.Tests.Contract;

/// <summary>
/// Every Webex operation the simulator implements answers with a body that fits the schema of that operation in
/// Cisco's official OpenAPI files (vendored in Contract/OpenApi, read at test time). Differences are allowed only
/// where <see cref="KnownDivergences"/> lists them with the evidence that the real service differs.
/// </summary>
public class SimulatorContractTests(SimulatorContractTests.Fixture sim) : IClassFixture<SimulatorContractTests.Fixture>
{
    private static readonly string[] AllScopes =
    [
        "spark-admin:people_read", "spark-admin:people_write", "spark-admin:licenses_read", "spark-admin:roles_read",
        "spark-admin:organizations_read", "spark-compliance:events_read", "audit:events_read",
        "meeting:admin_schedule_read", "meeting:admin_participants_read", "identity:people_read", "spark:messages_write",
    ];

    [Fact]
    public async Task List_people_fits_the_spec()
    {
        var body = await sim.GetJson("v1/people?max=200");

        Assert.Equal(200, body["items"]!.AsArray().Count);
        AssertConforms(OpenApiSpec.Admin, OpenApiSpec.Admin.ResponseSchema("/people", "GET", 200), body);
    }

    [Fact]
    public async Task People_id_lookups_fit_the_spec()
    {
        var ids = await sim.PersonIds(3);

        var body = await sim.GetJson($"v1/people?id={string.Join(',', ids)}");

        Assert.Equal(3, body["items"]!.AsArray().Count);
        AssertConforms(OpenApiSpec.Admin, OpenApiSpec.Admin.ResponseSchema("/people", "GET", 200), body);
    }

    [Fact]
    public async Task Get_and_update_person_fit_the_spec()
    {
        var id = (await sim.PersonIds(1))[0];
        var person = await sim.GetJson($"v1/people/{id}");
        AssertConforms(OpenApiSpec.Admin, OpenApiSpec.Admin.ResponseSchema("/people/{personId}", "GET", 200), person);

        person["title"] = "Contract tester";
        using var put = await sim.Send(HttpMethod.Put, $"v1/people/{id}", person);
        var updated = await ReadJson(put, HttpStatusCode.OK);

        Assert.Equal("Contract tester", updated["title"]!.GetValue<string>());
        AssertConforms(OpenApiSpec.Admin, OpenApiSpec.Admin.ResponseSchema("/people/{personId}", "PUT", 200), updated);
    }

    [Fact]
    public async Task Licenses_and_license_users_fit_the_spec()
    {
        var licenses = await sim.GetJson("v1/licenses");
        AssertConforms(OpenApiSpec.Admin, OpenApiSpec.Admin.ResponseSchema("/licenses", "GET", 200), licenses);

        var paid = licenses["items"]!.AsArray().First(l => l!["subscriptionId"] is not null)!;
        var users = await sim.GetJson($"v1/licenses/{paid["id"]!.GetValue<string>()}?includeAssignedTo=user&limit=20");

        Assert.NotEmpty(users["users"]!.AsArray());
        AssertConforms(OpenApiSpec.Admin, OpenApiSpec.Admin.ResponseSchema("/licenses/{licenseId}", "GET", 200), users);
    }

    [Fact]
    public async Task Removing_and_adding_a_license_fits_the_spec()
    {
        var (personId, licenseId) = await sim.PersonWithPaidLicense();

        using var removed = await sim.Send(HttpMethod.Patch, "v1/licenses/users", new JsonObject
        {
            ["personId"] = personId,
            ["licenses"] = new JsonArray(new JsonObject { ["id"] = licenseId, ["operation"] = "remove" }),
        });
        var removal = await ReadJson(removed, HttpStatusCode.OK);
        Assert.DoesNotContain(removal["licenses"]!.AsArray(), l => l!.GetValue<string>() == licenseId);
        AssertConforms(OpenApiSpec.Admin, OpenApiSpec.Admin.ResponseSchema("/licenses/users", "PATCH", 200), removal);

        using var added = await sim.Send(HttpMethod.Patch, "v1/licenses/users", new JsonObject
        {
            ["personId"] = personId,
            ["licenses"] = new JsonArray(new JsonObject { ["id"] = licenseId, ["operation"] = "add" }),
        });
        var addition = await ReadJson(added, HttpStatusCode.OK);
        Assert.Contains(addition["licenses"]!.AsArray(), l => l!.GetValue<string>() == licenseId);
        AssertConforms(OpenApiSpec.Admin, OpenApiSpec.Admin.ResponseSchema("/licenses/users", "PATCH", 200), addition);
    }

    [Fact]
    public async Task A_partly_applied_license_change_fits_the_spec_206_answer()
    {
        var (personId, licenseId) = await sim.PersonWithPaidLicense();
        var screenShare = (await sim.GetJson("v1/licenses"))["items"]!.AsArray()
            .First(l => l!["name"]!.GetValue<string>().Contains("Screen Share", StringComparison.OrdinalIgnoreCase))!["id"]!.GetValue<string>();

        using var response = await sim.Send(HttpMethod.Patch, "v1/licenses/users", new JsonObject
        {
            ["personId"] = personId,
            ["licenses"] = new JsonArray(
                new JsonObject { ["id"] = licenseId, ["operation"] = "remove" },
                new JsonObject { ["id"] = screenShare, ["operation"] = "remove" }),
        });
        var partial = await ReadJson(response, HttpStatusCode.PartialContent);

        Assert.Contains(partial["licenses"]!.AsArray(), l => l!.GetValue<string>() == screenShare);
        AssertConforms(OpenApiSpec.Admin, OpenApiSpec.Admin.ResponseSchema("/licenses/users", "PATCH", 206), partial);
    }

    [Fact]
    public async Task The_signed_in_admin_fits_the_spec()
    {
        var me = await sim.GetJson("v1/people/me");

        Assert.Equal(sim.Server.Org.AdminEmail, me["emails"]![0]!.GetValue<string>());
        AssertConforms(OpenApiSpec.Admin, OpenApiSpec.Admin.ResponseSchema("/people/me", "GET", 200), me);
    }

    [Fact]
    public async Task Meeting_participants_fit_the_meetings_spec()
    {
        var meeting = (await sim.GetJson("v1/meetings?meetingType=meeting&max=1"))["items"]![0]!;

        var participants = await sim.GetJson($"v1/meetingParticipants?meetingId={Uri.EscapeDataString(meeting["id"]!.GetValue<string>())}&max=100");

        Assert.NotEmpty(participants["items"]!.AsArray());
        AssertConforms(OpenApiSpec.Meeting, OpenApiSpec.Meeting.ResponseSchema("/meetingParticipants", "GET", 200), participants);
    }

    [Fact]
    public async Task Removing_an_implicit_license_fails_with_the_spec_license_error()
    {
        var licenses = await sim.GetJson("v1/licenses");
        var implicitLicense = licenses["items"]!.AsArray()
            .First(l => l!["name"]!.GetValue<string>().Contains("Screen Share", StringComparison.OrdinalIgnoreCase))!;
        var personId = (await sim.PersonIds(1))[0];

        using var response = await sim.Send(HttpMethod.Patch, "v1/licenses/users", new JsonObject
        {
            ["personId"] = personId,
            ["licenses"] = new JsonArray(new JsonObject { ["id"] = implicitLicense["id"]!.GetValue<string>(), ["operation"] = "remove" }),
        });
        var error = await ReadJson(response, HttpStatusCode.BadRequest);

        Assert.Equal(700006, error["errors"]![0]!["errorCode"]!.GetValue<int>());
        AssertConforms(OpenApiSpec.Admin, OpenApiSpec.Admin.ResponseSchema("/licenses/users", "PATCH", 400), error);
    }

    [Fact]
    public async Task Roles_and_organizations_fit_the_spec()
    {
        var roles = await sim.GetJson("v1/roles");
        var organizations = await sim.GetJson("v1/organizations");

        Assert.NotEmpty(roles["items"]!.AsArray());
        Assert.Single(organizations["items"]!.AsArray());
        AssertConforms(OpenApiSpec.Admin, OpenApiSpec.Admin.ResponseSchema("/roles", "GET", 200), roles);
        AssertConforms(OpenApiSpec.Admin, OpenApiSpec.Admin.ResponseSchema("/organizations", "GET", 200), organizations);
    }

    [Fact]
    public async Task Compliance_events_of_every_generated_resource_fit_the_spec()
    {
        foreach (var resource in new[] { "messages", "files", "memberships", "call_records" })
        {
            var events = await sim.GetJson($"v1/events?resource={resource}&max=200");

            Assert.NotEmpty(events["items"]!.AsArray());
            AssertConforms(OpenApiSpec.Admin, OpenApiSpec.Admin.ResponseSchema("/events", "GET", 200), events);
        }
    }

    [Fact]
    public async Task Admin_audit_events_fit_the_spec()
    {
        var now = sim.Server.State.Clock.GetUtcNow();
        var from = Uri.EscapeDataString(now.AddDays(-120).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture));
        var to = Uri.EscapeDataString(now.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture));

        var events = await sim.GetJson($"v1/adminAudit/events?orgId={sim.Server.Org.OrgId}&from={from}&to={to}&max=200");

        Assert.NotEmpty(events["items"]!.AsArray());
        AssertConforms(OpenApiSpec.Admin, OpenApiSpec.Admin.ResponseSchema("/adminAudit/events", "GET", 200), events);
    }

    [Fact]
    public async Task Org_wide_meetings_fit_the_meetings_spec()
    {
        var meetings = await sim.GetJson("v1/meetings?meetingType=meeting&max=100");

        Assert.NotEmpty(meetings["items"]!.AsArray());
        AssertConforms(OpenApiSpec.Meeting, OpenApiSpec.Meeting.ResponseSchema("/meetings", "GET", 200), meetings);
    }

    [Fact]
    public async Task A_hosts_meetings_and_one_meeting_by_id_fit_the_meetings_spec()
    {
        var first = (await sim.GetJson("v1/meetings?meetingType=meeting&max=1"))["items"]![0]!;
        var hostEmail = Uri.EscapeDataString(first["hostEmail"]!.GetValue<string>());
        var id = first["id"]!.GetValue<string>();

        var hosts = await sim.GetJson($"v1/meetings?meetingType=meeting&hostEmail={hostEmail}&max=100");
        var one = await sim.GetJson($"v1/meetings/{Uri.EscapeDataString(id)}?hostEmail={hostEmail}");

        Assert.Contains(hosts["items"]!.AsArray(), m => m!["id"]!.GetValue<string>() == id);
        AssertConforms(OpenApiSpec.Meeting, OpenApiSpec.Meeting.ResponseSchema("/meetings", "GET", 200), hosts);
        Assert.Equal(id, one["id"]!.GetValue<string>());
        Assert.Equal(first["hostUserId"]!.GetValue<string>(), one["hostUserId"]!.GetValue<string>());
        Assert.Equal(first["hostDisplayName"]!.GetValue<string>(), one["hostDisplayName"]!.GetValue<string>());
        AssertConforms(OpenApiSpec.Meeting, OpenApiSpec.Meeting.ResponseSchema("/meetings/{meetingId}", "GET", 200), one);
    }

    [Theory]
    [InlineData("MeetingCenter")]
    [InlineData("TrainingCenter")]
    [InlineData("EventCenter")]
    [InlineData("SupportCenter")]
    public async Task Meeting_usage_reports_fit_the_meetings_spec(string serviceType)
    {
        var site = sim.Server.State.Data.SiteUrl;
        var to = sim.Server.State.Now;
        var from = to.AddDays(-30);

        var reports = await sim.GetJson($"v1/meetingReports/usage?siteUrl={site}&serviceType={serviceType}&from={Uri.EscapeDataString(from.ToString("O", System.Globalization.CultureInfo.InvariantCulture))}&to={Uri.EscapeDataString(to.ToString("O", System.Globalization.CultureInfo.InvariantCulture))}&max=1000");

        Assert.NotEmpty(reports["items"]!.AsArray());
        AssertConforms(OpenApiSpec.Meeting, OpenApiSpec.Meeting.ResponseSchema("/meetingReports/usage", "GET", 200), reports);
    }

    [Fact]
    public async Task Scim_users_fit_the_spec()
    {
        var users = await sim.GetJson($"identity/scim/{sim.Server.Org.OrgUuid}/v2/Users?startIndex=1&count=100");

        Assert.Equal(100, users["Resources"]!.AsArray().Count);
        AssertConforms(OpenApiSpec.Admin, OpenApiSpec.Admin.ResponseSchema("/identity/scim/{orgId}/v2/Users", "GET", 200), users);
    }

    [Fact]
    public async Task Token_refresh_answer_fits_the_spec_token_schema()
    {
        // /v1/access_token is not in the admin spec; the Service App token operation documents the same answer.
        var issued = sim.Server.IssueToken(AllScopes, roles: null, lifetime: null);
        using var http = new HttpClient { BaseAddress = new Uri(sim.Server.BaseUrl) };
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["client_id"] = sim.Server.Org.ClientId,
            ["client_secret"] = sim.Server.Org.ClientSecret,
            ["refresh_token"] = issued.RefreshToken,
        });

        using var response = await http.PostAsync(new Uri("v1/access_token", UriKind.Relative), form);
        var token = await ReadJson(response, HttpStatusCode.OK);

        Assert.Equal("Bearer", token["token_type"]!.GetValue<string>());
        AssertConforms(OpenApiSpec.Admin, OpenApiSpec.Admin.ResponseSchema("/applications/{applicationId}/token", "POST", 200), token);
    }

    [Fact]
    public async Task Error_answers_fit_the_spec_error_response()
    {
        var errorSchema = OpenApiSpec.Admin.ComponentSchema("ErrorResponse");
        using var anonymous = new HttpClient { BaseAddress = new Uri(sim.Server.BaseUrl) };
        anonymous.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "not-a-token");
        using var unauthorized = await anonymous.GetAsync(new Uri("v1/people", UriKind.Relative));
        AssertConforms(OpenApiSpec.Admin, errorSchema, await ReadJson(unauthorized, HttpStatusCode.Unauthorized));

        var narrow = sim.Server.IssueToken(["spark-admin:licenses_read"], roles: null, lifetime: null);
        using var limited = new HttpClient { BaseAddress = new Uri(sim.Server.BaseUrl) };
        limited.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", narrow.AccessToken);
        using var forbidden = await limited.GetAsync(new Uri("v1/people", UriKind.Relative));
        AssertConforms(OpenApiSpec.Admin, errorSchema, await ReadJson(forbidden, HttpStatusCode.Forbidden));

        using var badRequest = await sim.Send(HttpMethod.Get, "v1/adminAudit/events", body: null);
        AssertConforms(OpenApiSpec.Admin, errorSchema, await ReadJson(badRequest, HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task Role_and_organization_by_id_fit_the_spec()
    {
        var roleId = (await sim.GetJson("v1/roles"))["items"]![0]!["id"]!.GetValue<string>();

        var role = await sim.GetJson($"v1/roles/{roleId}");
        var organization = await sim.GetJson($"v1/organizations/{sim.Server.Org.OrgId}");

        Assert.Equal(roleId, role["id"]!.GetValue<string>());
        Assert.Equal(sim.Server.Org.OrgId, organization["id"]!.GetValue<string>());
        AssertConforms(OpenApiSpec.Admin, OpenApiSpec.Admin.ResponseSchema("/roles/{roleId}", "GET", 200), role);
        AssertConforms(OpenApiSpec.Admin, OpenApiSpec.Admin.ResponseSchema("/organizations/{orgId}", "GET", 200), organization);
    }

    [Fact]
    public async Task Compliance_events_by_id_fit_the_spec()
    {
        foreach (var resource in new[] { "messages", "call_records" })
        {
            var eventId = (await sim.GetJson($"v1/events?resource={resource}&max=1"))["items"]![0]!["id"]!.GetValue<string>();

            var item = await sim.GetJson($"v1/events/{eventId}");

            Assert.Equal(resource, item["resource"]!.GetValue<string>());
            AssertConforms(OpenApiSpec.Admin, OpenApiSpec.Admin.ResponseSchema("/events/{eventId}", "GET", 200), item);
        }
    }

    [Fact]
    public async Task Admin_audit_event_categories_fit_the_spec()
    {
        var categories = await sim.GetJson("v1/adminAudit/eventCategories");

        Assert.NotEmpty(categories["eventCategories"]!.AsArray());
        AssertConforms(OpenApiSpec.Admin, OpenApiSpec.Admin.ResponseSchema("/adminAudit/eventCategories", "GET", 200), categories);
    }

    [Fact]
    public async Task A_scim_user_by_id_fits_the_spec_in_full_and_with_attributes()
    {
        var users = $"identity/scim/{sim.Server.Org.OrgUuid}/v2/Users";
        var userId = (await sim.GetJson($"{users}?count=1"))["Resources"]![0]!["id"]!.GetValue<string>();
        var schema = OpenApiSpec.Admin.ResponseSchema("/identity/scim/{orgId}/v2/Users/{userId}", "GET", 200);

        var full = await sim.GetJson($"{users}/{userId}");
        // The spec requires userName, userType and meta in every answer; a projection that names them keeps it valid.
        var projected = await sim.GetJson($"{users}/{userId}?attributes=userName,userType,meta,phoneNumbers,name.givenName&excludedAttributes=phoneNumbers.primary");

        Assert.Equal(userId, full["id"]!.GetValue<string>());
        Assert.Equal(userId, projected["id"]!.GetValue<string>());
        Assert.Null(projected["displayName"]);
        Assert.Null(projected["phoneNumbers"]![0]!["primary"]);
        AssertConforms(OpenApiSpec.Admin, schema, full);
        AssertConforms(OpenApiSpec.Admin, schema, projected);
    }

    [Fact]
    public async Task Creating_a_person_fits_the_spec()
    {
        using var response = await sim.Send(HttpMethod.Post, "v1/people", new JsonObject
        {
            ["emails"] = new JsonArray("contract.created@example.com"),
            ["displayName"] = "Contract Created",
            ["phoneNumbers"] = new JsonArray(new JsonObject { ["type"] = "work", ["value"] = "+1 408 555 0199" }),
        });
        var created = await ReadJson(response, HttpStatusCode.OK);

        Assert.Equal("Contract Created", created["displayName"]!.GetValue<string>());
        AssertConforms(OpenApiSpec.Admin, OpenApiSpec.Admin.ResponseSchema("/people", "POST", 200), created);
    }

    [Fact]
    public async Task Not_found_and_wrong_method_answers_fit_the_spec_error_response()
    {
        var errorSchema = OpenApiSpec.Admin.ComponentSchema("ErrorResponse");
        var notFound = new[]
        {
            "v1/nothingHere", "v1/roles/unknown", "v1/organizations/unknown", "v1/events/unknown",
            $"v1/people/{Guid.Empty}", "identity/unknown",
        };
        foreach (var path in notFound)
        {
            using var response = await sim.Send(HttpMethod.Get, path, body: null);
            AssertConforms(OpenApiSpec.Admin, errorSchema, await ReadJson(response, HttpStatusCode.NotFound));
        }

        using var wrongMethod = await sim.Send(HttpMethod.Put, "v1/roles", new JsonObject());
        AssertConforms(OpenApiSpec.Admin, errorSchema, await ReadJson(wrongMethod, HttpStatusCode.MethodNotAllowed));
    }

    [Fact]
    public async Task Every_listed_divergence_is_still_seen_so_the_list_stays_honest()
    {
        var seen = new List<SchemaViolation>();
        seen.AddRange(SchemaValidator.Validate(ToElement(await sim.GetJson("v1/people?max=100")), OpenApiSpec.Admin.ResponseSchema("/people", "GET", 200)));
        seen.AddRange(SchemaValidator.Validate(ToElement(await sim.GetJson("v1/licenses")), OpenApiSpec.Admin.ResponseSchema("/licenses", "GET", 200)));
        seen.AddRange(SchemaValidator.Validate(
            ToElement(await sim.GetJson($"identity/scim/{sim.Server.Org.OrgUuid}/v2/Users?count=10")),
            OpenApiSpec.Admin.ResponseSchema("/identity/scim/{orgId}/v2/Users", "GET", 200)));

        var scimUserId = sim.Server.State.Data.People[0].Uuid;
        seen.AddRange(SchemaValidator.Validate(
            ToElement(await sim.GetJson($"identity/scim/{sim.Server.Org.OrgUuid}/v2/Users/{scimUserId}")),
            OpenApiSpec.Admin.ResponseSchema("/identity/scim/{orgId}/v2/Users/{userId}", "GET", 200)));

        // A holder of the meeting-site license, so the answer carries siteUrls.
        var siteLicense = sim.Server.State.Data.Licenses.First(l => l.SiteUrl is not null);
        var personId = sim.Server.State.Data.People.First(p => p.Holds(siteLicense.Index)).Id;
        var licenseId = siteLicense.Id;
        using var patched = await sim.Send(HttpMethod.Patch, "v1/licenses/users", new JsonObject
        {
            ["personId"] = personId,
            ["licenses"] = new JsonArray(new JsonObject { ["id"] = licenseId, ["operation"] = "add" }),
        });
        seen.AddRange(SchemaValidator.Validate(ToElement(await ReadJson(patched, HttpStatusCode.OK)), OpenApiSpec.Admin.ResponseSchema("/licenses/users", "PATCH", 200)));

        foreach (var divergence in KnownDivergences.All)
        {
            Assert.Contains(seen, v => divergence.Matches("webex-admin.json", v));
        }
    }

    private static void AssertConforms(OpenApiSpec spec, SchemaRef schema, JsonNode body)
    {
        var unexplained = SchemaValidator.Validate(ToElement(body), schema)
            .Where(v => !KnownDivergences.Excuses(spec.FileName, v))
            .ToList();

        Assert.True(unexplained.Count == 0,
            $"{unexplained.Count} difference(s) from {spec.FileName} {schema.Location}:\n" + string.Join('\n', unexplained.Take(20)));
    }

    private static JsonElement ToElement(JsonNode node) => JsonSerializer.SerializeToElement(node);

    private static async Task<JsonNode> ReadJson(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text) ?? throw new InvalidOperationException("empty body");
    }

    /// <summary>One simulated org for the whole class, and a token with every scope the simulator knows.</summary>
    public sealed class Fixture : IAsyncLifetime, IDisposable
    {
        private HttpClient http = null!;

        public WebexSimulatorServer Server { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Server = await WebexSimulatorServer.StartAsync(new SimulatorOptions { Users = 400, Seed = 11 });
            var token = Server.IssueToken(AllScopes, roles: null, lifetime: null);
            http = new HttpClient { BaseAddress = new Uri(Server.BaseUrl) };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.AccessToken);
        }

        public async Task DisposeAsync() => await Server.DisposeAsync();

        public void Dispose() => http.Dispose();

        public async Task<JsonNode> GetJson(string relative)
        {
            using var response = await Send(HttpMethod.Get, relative, body: null);
            return await ReadJson(response, HttpStatusCode.OK);
        }

        public async Task<HttpResponseMessage> Send(HttpMethod method, string relative, JsonNode? body)
        {
            using var request = new HttpRequestMessage(method, new Uri(relative, UriKind.Relative));
            if (body is not null)
            {
                request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
            }

            return await http.SendAsync(request);
        }

        public async Task<string[]> PersonIds(int count)
        {
            var people = await GetJson("v1/people?max=100");
            return people["items"]!.AsArray()
                .Where(p => p!["type"]?.GetValue<string>() == "person")
                .Take(count)
                .Select(p => p!["id"]!.GetValue<string>())
                .ToArray();
        }

        public async Task<(string PersonId, string LicenseId)> PersonWithPaidLicense()
        {
            var paid = (await GetJson("v1/licenses"))["items"]!.AsArray()
                .Where(l => l!["subscriptionId"] is not null)
                .Select(l => l!["id"]!.GetValue<string>())
                .ToHashSet();
            var people = await GetJson("v1/people?max=100");
            foreach (var person in people["items"]!.AsArray())
            {
                var license = person!["licenses"]?.AsArray().Select(l => l!.GetValue<string>()).FirstOrDefault(paid.Contains);
                if (license is not null && person["type"]?.GetValue<string>() == "person")
                {
                    return (person["id"]!.GetValue<string>(), license);
                }
            }

            throw new InvalidOperationException("the generated org has nobody with a paid license in its first 100 people");
        }
    }
}
