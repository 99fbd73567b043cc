using System.Net;
using ProfileEngine.Connectors.Webex;
using ProfileEngine.Connectors.Webex.Models;
using ProfileEngine.Connectors.Webex.Paging;

namespace ProfileEngine.Tests.Connectors.Webex;

public sealed class WebexResponseReadingTests
{
    private const string TwoPeople = """
        {"notFoundIds":null,"items":[
          {"id":"p1","emails":["a@example.com"],"displayName":"A \"Quote\" [x]","invitePending":"true","loginEnabled":false,
           "licenses":["L1","L2"],"addresses":[{"type":"work","country":"NO"}],"someFutureField":{"deep":[1,2,{"x":"}"}]},
           "lastActivity":"2026-10-01T09:30:00.123Z","status":"inactive","type":"person"},
          {"id":"p2","emails":["b@example.com"],"invitePending":false,"loginEnabled":"true","status":"unknown","type":"bot"}
        ],"tail":{"ignored":true}}
        """;

    [Fact]
    public async Task A_page_delivered_a_byte_at_a_time_streams_every_item_with_string_or_boolean_flags()
    {
        var stub = new StubWebex(_ => StubWebex.Json(TwoPeople, trickle: true));
        var people = new List<Person>();

        await foreach (var person in stub.CreateClient().ListPeopleAsync())
        {
            people.Add(person);
        }

        Assert.Equal(["p1", "p2"], people.Select(p => p.Id));
        Assert.Equal((true, false), (people[0].InvitePending, people[0].LoginEnabled));
        Assert.Equal((false, true), (people[1].InvitePending, people[1].LoginEnabled));
        Assert.Equal(new DateTimeOffset(2026, 10, 1, 9, 30, 0, 123, TimeSpan.Zero), people[0].LastActivity);
        Assert.Null(people[1].LastActivity);
        Assert.Equal(["L1", "L2"], people[0].Licenses);
        Assert.Empty(people[1].Licenses);
        Assert.Empty(people[1].Roles);
        Assert.Empty(people[0].Roles);
        Assert.Equal("A \"Quote\" [x]", people[0].DisplayName);
    }

    [Fact]
    public async Task The_next_link_is_followed_exactly_as_given_and_paging_stops_without_one()
    {
        const string next = "https://webexapis.example/v1/people?max=2&cursor=Y2lz%2Bab%3D%3D&before";
        var stub = new StubWebex(request =>
        {
            var response = StubWebex.Json(request.RequestUri!.Query.Contains("cursor", StringComparison.Ordinal)
                ? """{"items":[{"id":"p3"}]}"""
                : """{"items":[{"id":"p1"},{"id":"p2"}]}""");
            if (!request.RequestUri.Query.Contains("cursor", StringComparison.Ordinal))
            {
                response.Headers.TryAddWithoutValidation("Link", $"<https://webexapis.example/v1/people?max=2&prev=1>; rel=\"prev\", <{next}>; rel=\"next\"");
            }

            return response;
        });

        var ids = new List<string>();
        await foreach (var person in stub.CreateClient().ListPeopleAsync(new PeopleQuery { Max = 2 }))
        {
            ids.Add(person.Id);
        }

        Assert.Equal(["p1", "p2", "p3"], ids);
        Assert.Equal(2, stub.Requested.Count);
        Assert.Equal(next, stub.Requested[1].OriginalString);
        Assert.Equal(next, stub.Requested[1].AbsoluteUri);
    }

    [Fact]
    public async Task A_next_link_to_another_host_is_refused_so_the_token_stays_home()
    {
        var stub = new StubWebex(_ =>
        {
            var response = StubWebex.Json("""{"items":[{"id":"p1"}]}""");
            response.Headers.TryAddWithoutValidation("Link", "<https://evil.example/v1/people?cursor=x>; rel=\"next\"");
            return response;
        });

        var error = await Assert.ThrowsAsync<WebexResponseException>(async () =>
        {
            await foreach (var _ in stub.CreateClient().ListPeopleAsync())
            {
            }
        });

        Assert.Contains("evil.example", error.Message, StringComparison.Ordinal);
        Assert.Single(stub.Requested);
    }

    [Theory]
    [InlineData("""{"id":"p1","emails":["a@exa""", "truncated")]
    [InlineData("""{"id":"p1",,}""", "not valid JSON")]
    [InlineData("", "empty")]
    [InlineData("""{"id":"p1","emails":"not-a-list"}""", "expected shape")]
    public async Task A_broken_single_object_names_the_endpoint_and_the_problem(string body, string problem)
    {
        var stub = new StubWebex(_ => StubWebex.Json(body));

        var error = await Assert.ThrowsAsync<WebexResponseException>(() => stub.CreateClient().GetPersonAsync("p1"));

        Assert.Contains("GET /v1/people/p1", error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, error.StatusCode);
    }

    [Theory]
    [InlineData("""{"items":[{"id":"p1"},{"id":"p2"}""", "truncated")]
    [InlineData("""{"notItems":[]}""", "no 'items' array")]
    [InlineData("""{"items":{"id":"p1"}}""", "not an array")]
    [InlineData("""[{"id":"p1"}]""", "expected a JSON object")]
    [InlineData("""{"items":[{"id":"p1"},{"id":42}]}""", "element 1 of 'items'")]
    public async Task A_broken_page_names_the_endpoint_and_the_problem(string body, string problem)
    {
        var stub = new StubWebex(_ => StubWebex.Json(body, trickle: true));

        var error = await Assert.ThrowsAsync<WebexResponseException>(() => stub.CreateClient().ListRolesAsync());

        Assert.Contains("GET /v1/roles", error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_error_without_a_body_takes_its_tracking_id_from_the_header()
    {
        var stub = new StubWebex(_ =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.BadGateway);
            response.Headers.TryAddWithoutValidation("Trackingid", "ROUTER_HEADER_ONLY");
            return response;
        });

        var error = await Assert.ThrowsAsync<WebexApiException>(() => stub.CreateClient().ListLicensesAsync());

        Assert.Equal(HttpStatusCode.BadGateway, error.StatusCode);
        Assert.Equal("ROUTER_HEADER_ONLY", error.TrackingId);
        Assert.Equal(("GET", "/v1/licenses"), (error.Method, error.Path));
    }

    [Theory]
    [InlineData("""{"access_token":"new-access-token","expires_in":0,"refresh_token":"new-refresh-token"}""", "no positive expires_in")]
    [InlineData("""{"expires_in":1209600,"refresh_token":"new-refresh-token"}""", "access_token")]
    public async Task An_unusable_token_response_is_refused_and_the_old_tokens_stay(string tokenBody, string problem)
    {
        var stub = new StubWebex(request => request.RequestUri!.AbsolutePath == "/v1/access_token"
            ? StubWebex.Json(tokenBody)
            : new HttpResponseMessage(HttpStatusCode.Unauthorized));
        var client = stub.CreateClient();

        var error = await Assert.ThrowsAsync<WebexResponseException>(() => client.ListRolesAsync());

        Assert.Contains("POST /v1/access_token", error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("new-access-token", error.Message, StringComparison.Ordinal);
        Assert.Equal("access", client.CurrentTokens.AccessToken);
    }

    [Fact]
    public async Task The_page_reader_collects_top_level_numbers_beside_the_items()
    {
        var reader = new PageItemReader<Role>(WebexJsonContext.Default.Role, "Resources");
        using var body = new MemoryStream("""{"schemas":["x"],"Resources":[{"id":"r1"}],"totalResults":7,"itemsPerPage":1,"startIndex":3}"""u8.ToArray());

        var roles = new List<Role>();
        await foreach (var role in reader.ReadAsync(body, CancellationToken.None))
        {
            roles.Add(role);
        }

        Assert.Equal("r1", Assert.Single(roles).Id);
        Assert.Equal(7, reader.Numbers["totalResults"]);
        Assert.Equal(3, reader.Numbers["startIndex"]);
    }

    [Theory]
    [InlineData("<https://a.example/x?a=1,2>; rel=\"next\"", "https://a.example/x?a=1,2")]
    [InlineData("<https://a.example/p>; rel=\"prev\", <https://a.example/n>; rel=\"next\"", "https://a.example/n")]
    [InlineData("<https://a.example/f>; rel=first, <https://a.example/n>;rel=\"last next\"", "https://a.example/n")]
    [InlineData("<https://a.example/p>; rel=\"prev\"", null)]
    [InlineData("", null)]
    public void LinkHeader_finds_the_next_target(string header, string? expected) =>
        Assert.Equal(expected, LinkHeader.FindNext(header));
}
