using System.Net.Http.Headers;
using System.Text;

namespace ProfileEngine.Tests.WebexSimulator.ScimApp;

public sealed class ScimAppAuthTests
{
    [Fact]
    public async Task Without_a_valid_bearer_token_it_is_401_with_a_scim_error()
    {
        await using var h = await ScimAppHarness.StartAsync(users: 5);
        using var none = await h.SendAsync(HttpMethod.Get, "Users", token: null);
        Assert.Equal("Bearer", none.Headers.WwwAuthenticate.Single().Scheme);
        await ScimAppHarness.AssertScimErrorAsync(none, 401);

        using var wrong = await h.SendAsync(HttpMethod.Get, "Users", token: "not-the-token");
        await ScimAppHarness.AssertScimErrorAsync(wrong, 401);

        using var right = await h.SendAsync(HttpMethod.Get, "Users");
        Assert.Equal(200, (int)right.StatusCode);
    }

    [Fact]
    public async Task A_client_credentials_token_works_until_it_expires()
    {
        await using var h = await ScimAppHarness.StartAsync(users: 5);
        var options = h.State.Options;
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = options.ClientId, ["client_secret"] = options.ClientSecret,
        });
        using var issued = await h.Http.PostAsync(h.Sim.TokenUrl, form);
        var body = await ScimAppHarness.ReadJsonAsync(issued);
        Assert.Equal(200, (int)issued.StatusCode);
        Assert.Equal("Bearer", body.GetProperty("token_type").GetString());
        Assert.Equal(3600, body.GetProperty("expires_in").GetInt32());
        var token = body.GetProperty("access_token").GetString()!;

        using var ok = await h.SendAsync(HttpMethod.Get, "Users?count=1", token: token);
        Assert.Equal(200, (int)ok.StatusCode);

        h.Clock.Advance(TimeSpan.FromHours(1));
        using var expired = await h.SendAsync(HttpMethod.Get, "Users?count=1", token: token);
        await ScimAppHarness.AssertScimErrorAsync(expired, 401);
    }

    [Fact]
    public async Task Basic_client_authentication_is_accepted_and_a_wrong_secret_is_invalid_client()
    {
        await using var h = await ScimAppHarness.StartAsync(users: 5);
        var options = h.State.Options;

        using var basic = await TokenAsync(h, options.ClientId, options.ClientSecret);
        Assert.Equal(200, (int)basic.StatusCode);
        var token = (await ScimAppHarness.ReadJsonAsync(basic)).GetProperty("access_token").GetString()!;
        using var ok = await h.SendAsync(HttpMethod.Get, "ServiceProviderConfig", token: token);
        Assert.Equal(200, (int)ok.StatusCode);

        using var refused = await TokenAsync(h, options.ClientId, "wrong");
        Assert.Equal(401, (int)refused.StatusCode);
        Assert.Equal("invalid_client", (await ScimAppHarness.ReadJsonAsync(refused)).GetProperty("error").GetString());
        Assert.Equal("Basic", refused.Headers.WwwAuthenticate.Single().Scheme);

        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = "someone-else", ["client_secret"] = options.ClientSecret,
        });
        using var otherClient = await h.Http.PostAsync(h.Sim.TokenUrl, form);
        Assert.Equal(401, (int)otherClient.StatusCode);
        Assert.Equal("invalid_client", (await ScimAppHarness.ReadJsonAsync(otherClient)).GetProperty("error").GetString());
    }

    private static async Task<HttpResponseMessage> TokenAsync(ScimAppHarness h, string clientId, string secret)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, h.Sim.TokenUrl)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "client_credentials" }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{clientId}:{secret}")));
        return await h.Http.SendAsync(request);
    }
}
