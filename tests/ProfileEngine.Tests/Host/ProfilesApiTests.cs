using System.Net.Http.Json;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.Json;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ProfileEngine.Connections;
using ProfileEngine.Connectors.Webex.Subscriptions;
using ProfileEngine.Connectors.Webex;
using ProfileEngine.Host.Simulator;
using ProfileEngine.Persistence;
using ProfileEngine.Profiles;
using ProfileEngine.Tests.Connections;
using ProfileEngine.Tests.Profiles;
using ProfileEngine.Tests.Support;
using ProfileEngine.Workflows.Definitions;
using ProfileEngine.Workflows.Loading;

namespace ProfileEngine.Tests.Host;

/// <summary>
/// The operator's loop over REST on the real host with its embedded simulator: connect, create, validate, publish,
/// run now, delete; refusals as problem details naming the field; and no secret in any answer or log line.
/// </summary>
public sealed class ProfilesApiTests
{
    private const string Redirect = "http://127.0.0.1:5000/oauth/callback";

    [Fact]
    public async Task An_operator_connects_creates_validates_publishes_runs_and_deletes_a_profile_without_a_secret_leaving_the_engine()
    {
        await using var host = await StartAsync();
        using var http = host.CreateClient();
        var responses = new StringBuilder();
        var sim = host.App.Services.GetRequiredService<EmbeddedSimulator>().BaseUrl!;
        var org = await new HttpClient().GetFromJsonAsync<JsonObject>(new Uri(new Uri(sim), "_sim/org"));
        var clientSecret = org!["clientSecret"]!.GetValue<string>();

        // Connect the alias the default check boxes choose.
        const string alias = WebexAliases.SubscriptionActivityReclaim;
        await SendAsync(http, responses, HttpMethod.Put, $"connections/{alias}", new { baseUrl = sim, clientId = org["clientId"]!.GetValue<string>(), clientSecret, redirectUri = Redirect });
        var started = await SendAsync(http, responses, HttpMethod.Post, $"connections/{alias}/connect");
        var (_, code, state) = await SimulatorConsent.AcceptAsync(new Uri(started["authorizeUrl"]!.GetValue<string>()));
        var connected = await SendAsync(http, responses, HttpMethod.Get, $"connections/oauth/callback?code={Uri.EscapeDataString(code)}&state={Uri.EscapeDataString(state)}");
        Assert.Equal("Connected", connected["status"]!.GetValue<string>());

        await ImportSubflowsAsync(host);
        var created = await SendAsync(http, responses, HttpMethod.Post, "profiles", new { displayName = "Acme" }, HttpStatusCode.Created);
        var id = created["id"]!.GetValue<Guid>();
        Assert.Equal("Draft", created["status"]!.GetValue<string>());
        var validated = await SendAsync(http, responses, HttpMethod.Post, $"profiles/{id}/validate");
        Assert.True(validated["lastValidation"]!["passed"]!.GetValue<bool>(), validated.ToJsonString());
        var published = await SendAsync(http, responses, HttpMethod.Post, $"profiles/{id}/publish", new { version = validated["version"]!.GetValue<int>(), confirm = true });
        Assert.Equal("Published", published["status"]!.GetValue<string>());
        Assert.Equal(["SAM - Refresh Acme Subscriptions", "SAM - Refresh Acme Activity"], published["scheduledJobs"]!.AsArray().Select(j => j!["name"]!.GetValue<string>()));

        var accepted = await SendAsync(http, responses, HttpMethod.Post, $"profiles/{id}/jobs/activity/run", expected: HttpStatusCode.Accepted);
        Assert.Equal("SAM - Refresh Acme Activity", accepted["jobName"]!.GetValue<string>());
        var listed = await SendAsync(http, responses, HttpMethod.Get, "profiles?status=published");
        Assert.Single(listed.AsArray());
        await SendAsync(http, responses, HttpMethod.Get, $"connections/{alias}");
        await SendAsync(http, responses, HttpMethod.Delete, $"profiles/{id}?version={published["version"]!.GetValue<int>()}");
        await SendAsync(http, responses, HttpMethod.Get, $"profiles/{id}", expected: HttpStatusCode.NotFound);

        // What left the engine (answers, log lines) never carries the client secret or a token, and the database
        // holds them only encrypted.
        var stored = await QueryAsync(host, db => db.Connections.SingleAsync());
        var protector = host.App.Services.GetRequiredService<SecretProtector>();
        var secrets = new[] { clientSecret, protector.Unprotect(stored.ProtectedAccessToken!), protector.Unprotect(stored.ProtectedRefreshToken!) };
        var logs = string.Join("\n", host.Logs.Lines);
        Assert.Contains("Validate Connection of profile Acme: passed", logs, StringComparison.Ordinal);
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(secret, responses.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain(secret, logs, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, await DatabaseDump.AllRowsAsync(host.Data.File(PersistenceServiceCollectionExtensions.DatabaseFileName)), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Refusals_are_problem_details_naming_the_field()
    {
        await using var host = await StartAsync();
        using var http = host.CreateClient();
        var responses = new StringBuilder();

        var tooOld = await SendAsync(http, responses, HttpMethod.Post, "profiles",
            new { displayName = "Acme", analyzeUserActivityFrom = TimeProvider.System.GetUtcNow().AddDays(-91) }, HttpStatusCode.BadRequest);
        var created = await SendAsync(http, responses, HttpMethod.Post, "profiles", new { displayName = "Acme" }, HttpStatusCode.Created);
        var id = created["id"]!.GetValue<Guid>();
        var cannotTurnOff = await SendAsync(http, responses, HttpMethod.Put, $"profiles/{id}",
            new { version = 1, displayName = "Acme", downloadSubscriptions = false, downloadActivity = true, reclaimSubscriptions = true }, HttpStatusCode.BadRequest);
        await SendAsync(http, responses, HttpMethod.Put, $"profiles/{id}",
            new { version = 1, displayName = "Acme EU", downloadActivity = true, reclaimSubscriptions = true });
        var stale = await SendAsync(http, responses, HttpMethod.Put, $"profiles/{id}",
            new { version = 1, displayName = "Acme US", downloadActivity = true, reclaimSubscriptions = true }, HttpStatusCode.Conflict);
        var unconfirmed = await SendAsync(http, responses, HttpMethod.Post, $"profiles/{id}/publish", new { version = 2, confirm = false }, HttpStatusCode.BadRequest);
        var missing = await SendAsync(http, responses, HttpMethod.Get, $"profiles/{Guid.NewGuid()}", expected: HttpStatusCode.NotFound);
        var badProcess = await SendAsync(http, responses, HttpMethod.Post, $"profiles/{id}/jobs/reclaim/run", expected: HttpStatusCode.BadRequest);

        Assert.Contains("more than 90 days", tooOld["errors"]!["AnalyzeUserActivityFrom"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("cannot be turned off", cannotTurnOff["errors"]!["DownloadSubscriptions"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(("Version", 409), (stale["field"]!.GetValue<string>(), stale["status"]!.GetValue<int>()));
        Assert.Contains("you sent version 1, it is now at version 2", stale["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(unconfirmed["errors"]!.AsObject().ContainsKey("Confirm"));
        Assert.Equal("ProfileId", missing["field"]!.GetValue<string>());
        Assert.True(badProcess["errors"]!.AsObject().ContainsKey("Process"));
    }

    private static Task<TestHost> StartAsync() => TestHost.StartAsync(new Dictionary<string, string?>
    {
        ["ProfileEngine:WebexSimulator:Urls"] = "http://127.0.0.1:0",
        ["ProfileEngine:WebexSimulator:Users"] = "40",
    });

    private static async Task ImportSubflowsAsync(TestHost host)
    {
        var store = host.App.Services.GetRequiredService<WorkflowDefinitionStore>();
        foreach (var (definitionId, counter) in new[] { (WebexSubflows.Download, "downloaded"), (WebexSubflows.Activity, "activityUpdated"), (WebexSubflows.Reclaim, "reclaimed") })
        {
            var read = DefinitionReader.Read(TestSubflows.Counting(definitionId, counter), "test.json");
            await store.ImportAsync(read.Definition!, "test.json", CancellationToken.None);
        }
    }

    private static async Task<T> QueryAsync<T>(TestHost host, Func<ProfileEngineDbContext, Task<T>> query)
    {
        await using var db = await host.App.Services.GetRequiredService<IDbContextFactory<ProfileEngineDbContext>>().CreateDbContextAsync();
        return await query(db);
    }

    /// <summary>Sends, checks the status, keeps the whole answer (headers and body) for the secret check, and parses it.</summary>
    private static async Task<JsonNode> SendAsync(
        HttpClient http, StringBuilder responses, HttpMethod method, string path, object? body = null, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        responses.AppendLine(response.ToString()).AppendLine(text);
        Assert.True(expected == response.StatusCode, $"{method} {path}: expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        if (expected is HttpStatusCode.BadRequest or HttpStatusCode.NotFound or HttpStatusCode.Conflict)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        return JsonNode.Parse(text.Length == 0 ? "{}" : text)!;
    }
}
