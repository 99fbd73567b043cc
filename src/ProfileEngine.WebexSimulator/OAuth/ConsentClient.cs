using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;

namespace ProfileEngine.WebexSimulator.OAuth;

/// <summary>
/// Plays the admin in the browser for headless runs (the CLI's demo, tests, benchmarks): opens an authorize URL and
/// presses Accept on the simulator's consent page, returning the redirect with its code and state.
/// </summary>
public static partial class ConsentClient
{
    /// <param name="admin">"0": the primary admin (Full Administrator and Compliance Officer); "1": a Full Administrator only.</param>
    /// <param name="grant">Narrows the scopes the consent grants (the form's scope field), as an admin editing the request would.</param>
    public static async Task<(Uri Redirect, string Code, string State)> AcceptAsync(
        Uri authorizeUrl, string admin = "0", Func<string, string>? grant = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(authorizeUrl);
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var page = await http.GetStringAsync(authorizeUrl, cancellationToken);
        var form = FormAction().Match(page);
        if (!form.Success)
        {
            throw new InvalidOperationException($"The page at {authorizeUrl.GetLeftPart(UriPartial.Path)} has no consent form.");
        }

        var fields = HiddenInput().Matches(page).ToDictionary(m => m.Groups["name"].Value, m => WebUtility.HtmlDecode(m.Groups["value"].Value));
        fields["admin"] = admin;
        fields["decision"] = "accept";
        if (grant is not null)
        {
            fields["scope"] = grant(fields["scope"]);
        }

        using var content = new FormUrlEncodedContent(fields);
        using var answer = await http.PostAsync(new Uri(authorizeUrl, form.Groups["action"].Value), content, cancellationToken);
        if (answer.StatusCode != HttpStatusCode.Redirect || answer.Headers.Location is not { } redirect)
        {
            throw new InvalidOperationException($"The consent answered {(int)answer.StatusCode} instead of redirecting back.");
        }

        var query = QueryHelpers.ParseQuery(redirect.Query);
        return (redirect, query["code"].ToString(), query["state"].ToString());
    }

    [GeneratedRegex("<form method=\"post\" action=\"(?<action>[^\"]+)\">")]
    private static partial Regex FormAction();

    [GeneratedRegex("<input type=\"hidden\" name=\"(?<name>[^\"]+)\" value=\"(?<value>[^\"]*)\">")]
    private static partial Regex HiddenInput();
}
