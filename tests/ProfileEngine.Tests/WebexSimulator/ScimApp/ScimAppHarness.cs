using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using ProfileEngine.WebexSimulator.ScimApp;

namespace ProfileEngine.Tests.WebexSimulator.ScimApp;

/// <summary>A SCIM app simulator on a loopback port, on a fake clock, and a client that sends its static token.</summary>
public sealed class ScimAppHarness : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);

    private ScimAppHarness(ScimSimulatorServer sim, HttpClient http, FakeTimeProvider clock)
    {
        Sim = sim;
        Http = http;
        Clock = clock;
    }

    public ScimSimulatorServer Sim { get; }
    public ScimAppState State => Sim.State;
    public HttpClient Http { get; }
    public FakeTimeProvider Clock { get; }

    public static async Task<ScimAppHarness> StartAsync(int users = 120)
    {
        var clock = new FakeTimeProvider(Start);
        var sim = await ScimSimulatorServer.StartAsync(new ScimAppOptions { Users = users, Clock = clock });
        var http = new HttpClient { BaseAddress = new Uri(sim.ScimBaseUrl) };
        return new ScimAppHarness(sim, http, clock);
    }

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, string? json = null, string? token = "", string? ifMatch = null)
    {
        var request = new HttpRequestMessage(method, url);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/scim+json");
        }

        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Length == 0 ? Sim.State.Options.BearerToken : token);
        }

        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return Http.SendAsync(request);
    }

    /// <summary>GET that must answer 200; returns the JSON body.</summary>
    public async Task<JsonElement> GetJsonAsync(string url)
    {
        using var response = await SendAsync(HttpMethod.Get, url);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {url} answered {(int)response.StatusCode}: {text}");
        Assert.Equal("application/scim+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>The ids of the users the filter selects (one page of up to 200).</summary>
    public async Task<List<string>> SearchIdsAsync(string filter)
    {
        var body = await GetJsonAsync("Users?count=200&filter=" + Uri.EscapeDataString(filter));
        var ids = body.GetProperty("Resources").EnumerateArray().Select(r => r.GetProperty("id").GetString()!).ToList();
        Assert.Equal(body.GetProperty("totalResults").GetInt32(), ids.Count);
        return ids;
    }

    public Task<HttpResponseMessage> PatchAsync(string url, string operationsJson, string? ifMatch = null) =>
        SendAsync(HttpMethod.Patch, url,
            $$"""{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":{{operationsJson}}}""", ifMatch: ifMatch);

    public static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    /// <summary>Asserts an RFC 7644 §3.12 Error with this status (and scimType, when given).</summary>
    public static async Task AssertScimErrorAsync(HttpResponseMessage response, int status, string? scimType = null)
    {
        var body = await ReadJsonAsync(response);
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("urn:ietf:params:scim:api:messages:2.0:Error", body.GetProperty("schemas")[0].GetString());
        Assert.Equal(status.ToString(System.Globalization.CultureInfo.InvariantCulture), body.GetProperty("status").GetString());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("detail").GetString()));
        if (scimType is not null)
        {
            Assert.Equal(scimType, body.GetProperty("scimType").GetString());
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Sim.DisposeAsync();
    }
}
