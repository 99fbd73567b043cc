using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using ProfileEngine.WebexSimulator;

namespace ProfileEngine.Tests.WebexSimulator;

/// <summary>Paths and methods the simulator does not map answer with Webex's JSON error body, not an empty response.</summary>
public sealed class UnmappedRequestTests
{
    private static readonly string[] AllScopes = ["spark-admin:people_read", "spark-admin:licenses_read", "identity:people_read"];

    [Theory]
    [InlineData("v1/nothingHere")]
    [InlineData("v1/people/me/too/deep")]
    [InlineData("v1/licenses/x/y")]
    [InlineData("identity/scim/v2/Groups")]
    public async Task An_unknown_path_answers_404_with_the_webex_error_body(string path)
    {
        await using var h = await SimulatorHarness.StartAsync(new SimulatorOptions { Users = 20 });

        using var response = await h.GetAsync(path, h.Token(AllScopes));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        AssertWebexError(response, await SimulatorHarness.ReadJsonAsync(response));
    }

    [Fact]
    public async Task A_method_the_path_does_not_take_answers_405_with_the_webex_error_body_and_allow()
    {
        await using var h = await SimulatorHarness.StartAsync(new SimulatorOptions { Users = 20 });
        using var request = new HttpRequestMessage(HttpMethod.Delete, "v1/licenses");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", h.Token(AllScopes));

        using var response = await h.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Contains("GET", response.Content.Headers.Allow);
        AssertWebexError(response, await SimulatorHarness.ReadJsonAsync(response));
    }

    [Fact]
    public async Task A_raw_uuid_as_person_id_answers_404_saying_person_ids_are_webex_ids()
    {
        await using var h = await SimulatorHarness.StartAsync(new SimulatorOptions { Users = 20 });
        var uuid = h.Sim.State.Data.People[3].Uuid;

        using var response = await h.GetAsync($"v1/people/{uuid}", h.Token(AllScopes));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var body = await SimulatorHarness.ReadJsonAsync(response);
        AssertWebexError(response, body);
        Assert.Contains("not raw UUIDs", body.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_path_without_a_token_is_still_refused_with_401_first()
    {
        await using var h = await SimulatorHarness.StartAsync(new SimulatorOptions { Users = 20 });

        using var response = await h.Http.GetAsync(new Uri("v1/nothingHere", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private static void AssertWebexError(HttpResponseMessage response, JsonElement body)
    {
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var message = body.GetProperty("message").GetString();
        Assert.False(string.IsNullOrEmpty(message));
        Assert.Equal(message, body.GetProperty("errors")[0].GetProperty("description").GetString());
        Assert.Equal(response.Headers.GetValues("Trackingid").Single(), body.GetProperty("trackingId").GetString());
    }
}
