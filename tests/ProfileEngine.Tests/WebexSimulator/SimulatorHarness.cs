using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ProfileEngine.WebexSimulator;

namespace ProfileEngine.Tests.WebexSimulator;

/// <summary>A simulator on a loopback port and an HttpClient that does not follow redirects.</summary>
public sealed class SimulatorHarness : IAsyncDisposable
{
    private SimulatorHarness(WebexSimulatorServer sim, HttpClient http)
    {
        Sim = sim;
        Http = http;
    }

    public WebexSimulatorServer Sim { get; }
    public HttpClient Http { get; }

    public static async Task<SimulatorHarness> StartAsync(SimulatorOptions? options = null)
    {
        var sim = await WebexSimulatorServer.StartAsync(options ?? new SimulatorOptions { Users = 300 });
        var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(sim.BaseUrl) };
        return new SimulatorHarness(sim, http);
    }

    public string Token(params string[] scopes) => Sim.IssueToken(scopes).AccessToken;

    public async Task<HttpResponseMessage> GetAsync(string url, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await Http.SendAsync(request);
    }

    public async Task<HttpResponseMessage> SendJsonAsync(HttpMethod method, string url, object body, string? token = null)
    {
        using var request = new HttpRequestMessage(method, url) { Content = JsonContent.Create(body) };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await Http.SendAsync(request);
    }

    /// <summary>GET that must answer 200; returns the JSON body.</summary>
    public async Task<JsonElement> GetJsonAsync(string url, string token)
    {
        using var response = await GetAsync(url, token);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {url} answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Control call that must answer 200; returns the JSON body.</summary>
    public async Task<JsonElement> ControlAsync(HttpMethod method, string url, object? body = null)
    {
        using var request = new HttpRequestMessage(method, url);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{method} {url} answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Follows Link rel="next" from <paramref name="firstUrl"/>; returns every page's items.</summary>
    public async Task<List<List<JsonElement>>> GetAllPagesAsync(string firstUrl, string token, string itemsProperty = "items")
    {
        var pages = new List<List<JsonElement>>();
        string? url = firstUrl;
        while (url is not null)
        {
            using var response = await GetAsync(url, token);
            Assert.Equal(200, (int)response.StatusCode);
            var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
            pages.Add([.. body.GetProperty(itemsProperty).EnumerateArray()]);
            url = NextLink(response);
            Assert.True(pages.Count < 1000, "paging does not end");
        }

        return pages;
    }

    public static string? NextLink(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("Link", out var values))
        {
            return null;
        }

        var link = values.Single();
        Assert.EndsWith(">; rel=\"next\"", link, StringComparison.Ordinal);
        return link[1..link.IndexOf('>', StringComparison.Ordinal)];
    }

    public static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Sim.DisposeAsync();
    }
}
