using System.Net;
using System.Net.Http.Headers;
using ProfileEngine.Connectors.Webex;
using ProfileEngine.WebexSimulator;
using ProfileEngine.Connectors.Webex.Connections;

namespace ProfileEngine.Tests.Connectors.Webex;

/// <summary>The scope the client names in a 403 is the one the endpoint really needs (the simulator encodes Webex's rules).</summary>
public sealed class WebexScopesTests
{
    [Theory]
    [InlineData("GET", "/v1/people", "v1/people")]
    [InlineData("GET", "/v1/licenses", "v1/licenses")]
    [InlineData("GET", "/v1/roles", "v1/roles")]
    [InlineData("GET", "/v1/organizations", "v1/organizations")]
    [InlineData("GET", "/v1/events", "v1/events")]
    [InlineData("GET", "/v1/meetings", "v1/meetings?meetingType=meeting")]
    [InlineData("GET", "/v1/meetingReports/usage", "v1/meetingReports/usage")]
    [InlineData("PATCH", "/v1/licenses/users", "v1/licenses/users")]
    [InlineData("POST", "/v1/messages", "v1/messages")]
    public async Task The_named_scope_alone_opens_the_endpoint_and_its_absence_closes_it(string method, string path, string url)
    {
        var needs = WebexScopes.RequiredFor(method, path);
        Assert.NotNull(needs);
        var scope = needs.Split(' ')[2];
        await using var sim = await WebexSimulatorServer.StartAsync(new SimulatorOptions { Users = 10 });
        using var http = new HttpClient { BaseAddress = new Uri(sim.BaseUrl) };

        using var without = await SendAsync(http, method, url, sim.IssueToken(["spark:people_read"]).AccessToken);
        using var with = await SendAsync(http, method, url, sim.IssueToken([scope]).AccessToken);

        Assert.Equal(HttpStatusCode.Forbidden, without.StatusCode);
        Assert.NotEqual(HttpStatusCode.Forbidden, with.StatusCode);
        Assert.NotEqual(HttpStatusCode.Unauthorized, with.StatusCode);
    }

    [Fact]
    public void Reading_and_writing_people_need_different_scopes_and_unknown_paths_need_nothing_known()
    {
        Assert.Equal("the scope spark-admin:people_read", WebexScopes.RequiredFor("GET", "/v1/people/abc"));
        Assert.Equal("the scope spark-admin:people_write", WebexScopes.RequiredFor("PUT", "/v1/people/abc"));
        Assert.Contains("Compliance Officer", WebexScopes.RequiredFor("GET", "/v1/events"), StringComparison.Ordinal);
        Assert.Null(WebexScopes.RequiredFor("GET", "/v1/rooms"));
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient http, string method, string url, string token)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(url, UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (method != "GET")
        {
            request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
        }

        return await http.SendAsync(request);
    }
}
