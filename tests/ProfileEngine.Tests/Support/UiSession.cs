using System.Net;
using System.Text.RegularExpressions;

namespace ProfileEngine.Tests.Support;

/// <summary>
/// A browser without a browser: a cookie jar, no automatic redirects, and forms posted with the antiforgery token
/// the page carried. For the web UI's server-side behaviour (sign-in, roles, refusals); the browser tests drive Chromium.
/// </summary>
public sealed partial class UiSession : IDisposable
{
    private readonly HttpClient _http;

    public UiSession(Uri address)
    {
        _http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = address };
    }

    public static async Task<UiSession> SignInAsync(Uri address, string userName, string password)
    {
        var session = new UiSession(address);
        using var answer = await session.PostFormAsync("ui/sign-in", "ui/sign-in", new() { ["UserName"] = userName, ["Password"] = password });
        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        return session;
    }

    public Task<HttpResponseMessage> GetAsync(string path) => _http.GetAsync(new Uri(path, UriKind.Relative));

    public async Task<string> GetPageAsync(string path)
    {
        using var answer = await GetAsync(path);
        Assert.True(answer.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)answer.StatusCode} {answer.Headers.Location}");
        return await answer.Content.ReadAsStringAsync();
    }

    /// <summary>Reads <paramref name="formPage"/> for its antiforgery token, then posts <paramref name="fields"/> to <paramref name="action"/>.</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string formPage, string action, Dictionary<string, string> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var page = await GetPageAsync(formPage);
        fields["__RequestVerificationToken"] = Antiforgery().Match(page).Groups["token"].Value;
        return await PostWithoutTokenAsync(action, fields);
    }

    public async Task<HttpResponseMessage> PostWithoutTokenAsync(string action, Dictionary<string, string> fields)
    {
        using var content = new FormUrlEncodedContent(fields);
        return await _http.PostAsync(new Uri(action, UriKind.Relative), content);
    }

    public void Dispose() => _http.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"(?<token>[^\"]+)\"")]
    private static partial Regex Antiforgery();
}
