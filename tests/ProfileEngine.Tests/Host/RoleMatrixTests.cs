using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using ProfileEngine.Tests.Support;
using ProfileEngine.Users;

namespace ProfileEngine.Tests.Host;

/// <summary>
/// Every API endpoint the host maps, called by every role (and by nobody): the ones a role may use never answer
/// 401/403, the others answer 401 without a token and 403 with one. The table is this test's own, and every mapped
/// endpoint must be in it, so a new endpoint cannot slip in without a decision about who may call it. The pages of the
/// web UI likewise, signed in with the cookie: the others are sent to sign-in (nobody) or to Not allowed.
/// </summary>
public sealed class RoleMatrixTests
{
    private const string Anyone = "anyone";
    private const string Reader = "read";

    private static readonly Dictionary<string, string> Expected = new(StringComparer.Ordinal)
    {
        ["GET /health"] = Anyone,
        ["GET /metrics"] = Anyone,
        ["GET /openapi/{documentName}.json"] = Reader,
        ["GET /users/"] = EngineRoles.Admin,
        ["POST /users/"] = EngineRoles.Admin,
        ["PUT /users/{userName}/roles"] = EngineRoles.Admin,
        ["GET /me/"] = Reader,
        ["GET /me/tokens"] = Reader,
        ["POST /me/tokens"] = Reader,
        ["DELETE /me/tokens/{id:guid}"] = Reader,
        ["POST /connections/aliases"] = EngineRoles.Admin,
        ["GET /connections/{alias}"] = Reader,
        ["PUT /connections/{alias}"] = EngineRoles.Operator,
        ["POST /connections/{alias}/connect"] = EngineRoles.Operator,
        ["POST /connections/{alias}/sign-in"] = EngineRoles.Operator,
        ["GET /connections/oauth/callback"] = Anyone,
        ["GET /connections/{alias}/oauth/callback"] = Anyone,
        ["GET /profiles/"] = Reader,
        ["POST /profiles/"] = EngineRoles.Admin,
        ["GET /profiles/{id:guid}"] = Reader,
        ["PUT /profiles/{id:guid}"] = EngineRoles.Admin,
        ["POST /profiles/{id:guid}/validate"] = EngineRoles.Operator,
        ["POST /profiles/{id:guid}/publish"] = EngineRoles.Operator,
        ["DELETE /profiles/{id:guid}"] = EngineRoles.Admin,
        ["POST /profiles/{id:guid}/jobs/{process}/run"] = EngineRoles.Operator,
        ["GET /profiles/{id:guid}/job-results"] = Reader,
        ["GET /profiles/{id:guid}/activity-coverage"] = Reader,
        ["GET /profiles/{id:guid}/software-models"] = Reader,
        ["GET /profiles/{id:guid}/unrecognized-identifiers"] = Reader,
        ["POST /profiles/{id:guid}/unrecognized-identifiers/map"] = EngineRoles.Admin,
        ["GET /profiles/{id:guid}/subscriptions"] = Reader,
        ["GET /workflows/definitions"] = Reader,
        ["GET /workflows/definitions/problems"] = Reader,
        ["POST /workflows/definitions/reload"] = EngineRoles.Admin,
        ["GET /workflows/definitions/{definitionId}/versions"] = Reader,
        ["GET /workflows/definitions/{definitionId}/export"] = Reader,
        ["POST /workflows/definitions/{definitionId}/publish"] = EngineRoles.Admin,
        ["GET /workflows/instances"] = Reader,
        ["GET /workflows/instances/{instanceId}"] = Reader,
        ["POST /workflows/instances/{instanceId}/cancel"] = EngineRoles.Operator,
        ["POST /workflows/instances/{instanceId}/retry"] = EngineRoles.Operator,
        ["GET /answer/{token}"] = Anyone,
        ["POST /answer/{token}"] = Anyone,
        ["GET /reclamation-rules/"] = Reader,
        ["POST /reclamation-rules/"] = EngineRoles.Admin,
        ["PUT /reclamation-rules/{id:guid}"] = EngineRoles.Admin,
        ["POST /reclamation-rules/{id:guid}/preview"] = Reader,
        ["POST /reclamation-rules/evaluate"] = EngineRoles.Operator,
        ["GET /candidates/"] = Reader,
        ["GET /candidates/{number}"] = Reader,
        ["POST /candidates/{number}/decisions"] = EngineRoles.Reviewer,
        ["POST /candidates/{number}/work-notes"] = EngineRoles.Reviewer,
        ["POST /candidates/reclaim-all"] = EngineRoles.Reviewer,
        ["GET /candidates/reclaim-all/{id:guid}"] = Reader,
        ["GET /entitlements/"] = Reader,
        ["POST /entitlements/"] = EngineRoles.Admin,
        ["PUT /entitlements/{id:guid}"] = EngineRoles.Admin,
        ["DELETE /entitlements/{id:guid}"] = EngineRoles.Admin,
        ["POST /reconciliation/"] = EngineRoles.Operator,
        ["GET /reconciliation/latest"] = Reader,
        ["GET /reconciliation/last-activity"] = Reader,
        ["GET /dashboard/"] = Reader,
        ["GET /audit/"] = EngineRoles.Admin,
        ["GET /exclusions/identifiers/"] = Reader,
        ["POST /exclusions/identifiers/"] = EngineRoles.Admin,
        ["PUT /exclusions/identifiers/{id:guid}"] = EngineRoles.Admin,
        ["DELETE /exclusions/identifiers/{id:guid}"] = EngineRoles.Admin,
        ["GET /exclusions/users/"] = Reader,
        ["POST /exclusions/users/"] = EngineRoles.Admin,
        ["PUT /exclusions/users/{id:guid}"] = EngineRoles.Admin,
        ["DELETE /exclusions/users/{id:guid}"] = EngineRoles.Admin,
    };

    [Fact]
    public async Task Every_endpoint_allows_exactly_the_roles_the_table_names()
    {
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?> { ["ProfileEngine:WebexSimulator:Enabled"] = "false" });
        var callers = new Dictionary<string, string?> { ["nobody"] = null, ["no role"] = await host.TokenForAsync([]) };
        foreach (var role in EngineRoles.All)
        {
            callers[role] = await host.TokenForAsync([role]);
        }

        var mapped = ApiEndpoints(host);
        Assert.Empty(mapped.Except(Expected.Keys));
        Assert.Empty(Expected.Keys.Except(mapped));

        var wrong = new StringBuilder();
        foreach (var endpoint in mapped)
        {
            foreach (var (caller, token) in callers)
            {
                using var http = token is null ? host.CreateAnonymousClient() : host.CreateClient(token);
                var status = await CallAsync(http, endpoint);
                var allowed = Expected[endpoint] switch
                {
                    Anyone => true,
                    Reader => caller is not ("nobody" or "no role"),
                    var role => caller == role,
                };
                var expected = allowed ? "allowed" : token is null ? "401" : "403";
                var actual = status is HttpStatusCode.Unauthorized ? "401" : status is HttpStatusCode.Forbidden ? "403" : "allowed";
                if (expected != actual)
                {
                    wrong.AppendLine($"{endpoint} as {caller}: expected {expected}, got {(int)status}");
                }
            }
        }

        Assert.True(wrong.Length == 0, wrong.ToString());
    }

    private static readonly Dictionary<string, string> ExpectedPages = new(StringComparer.Ordinal)
    {
        [""] = Reader,
        ["ui/sign-in"] = Anyone,
        ["ui/sign-out"] = Anyone,
        ["ui/denied"] = Anyone,
        ["ui/tokens"] = Reader,
        ["ui/users"] = EngineRoles.Admin,
        ["ui/profiles"] = Reader,
        ["ui/profiles/{id}"] = Reader,
        ["ui/profiles/{id:guid}/publish"] = EngineRoles.Operator,
        ["ui/connections"] = Reader,
        ["ui/connections/{alias}"] = Reader,
        ["ui/connections/callback"] = EngineRoles.Operator,
        ["ui/workflows"] = Reader,
        ["ui/workflows/instances/{instanceId}"] = Reader,
        ["ui/workflows/definitions/{definitionId}"] = Reader,
        ["ui/api"] = Reader,
        ["ui/candidates"] = Reader,
        ["ui/candidates/{number}"] = Reader,
        ["ui/candidates/reclaim-all/{id:guid}"] = Reader,
        ["ui/dashboard"] = Reader,
    };

    [Fact]
    public async Task Every_page_opens_for_exactly_the_roles_the_table_names_and_sends_the_others_to_sign_in_or_not_allowed()
    {
        const string password = "role matrix password";
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?> { ["ProfileEngine:WebexSimulator:Enabled"] = "false" });
        using var admin = host.CreateClient();
        using var created = await admin.PostAsJsonAsync(new Uri("profiles", UriKind.Relative), new { displayName = "Acme" });
        var profileId = (await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
        var sessions = new Dictionary<string, UiSession> { ["nobody"] = new UiSession(host.Address) };
        await host.CreateUserAsync("no-role", password, []);
        sessions["no role"] = await UiSession.SignInAsync(host.Address, "no-role", password);
        foreach (var role in EngineRoles.All)
        {
            await host.CreateUserAsync(role, password, [role]);
            sessions[role] = await UiSession.SignInAsync(host.Address, role, password);
        }

        var pages = host.App.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<PageActionDescriptor>() is not null)
            .Select(e => e.RoutePattern.RawText!.TrimStart('/'))
            .Distinct()
            .ToList();
        Assert.Empty(pages.Except(ExpectedPages.Keys));
        Assert.Empty(ExpectedPages.Keys.Except(pages));

        var wrong = new StringBuilder();
        foreach (var page in pages)
        {
            var path = page.Replace("{id:guid}", profileId, StringComparison.Ordinal).Replace("{id}", profileId, StringComparison.Ordinal)
                .Replace("{alias}", "webex_subscription", StringComparison.Ordinal).Replace("{instanceId}", "nope", StringComparison.Ordinal)
                .Replace("{definitionId}", "cisco-webex-reclaim-subscription", StringComparison.Ordinal)
                .Replace("{number}", "RC0001001", StringComparison.Ordinal);
            foreach (var (caller, session) in sessions)
            {
                using var answer = await session.GetAsync(path);
                var location = answer.Headers.Location is { } to ? (to.IsAbsoluteUri ? to.PathAndQuery : to.OriginalString) : "";
                var actual = location.StartsWith("/ui/sign-in?ReturnUrl", StringComparison.Ordinal) ? "sign-in"
                    : location.StartsWith("/ui/denied", StringComparison.Ordinal) ? "denied"
                    : answer.StatusCode is HttpStatusCode.OK or HttpStatusCode.NotFound or HttpStatusCode.Redirect ? "allowed"
                    : ((int)answer.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
                var allowed = ExpectedPages[page] switch
                {
                    Anyone => true,
                    Reader => caller is not ("nobody" or "no role"),
                    var role => caller == role,
                };
                var expected = allowed ? "allowed" : caller == "nobody" ? "sign-in" : "denied";
                if (expected != actual)
                {
                    wrong.AppendLine($"/{page} as {caller}: expected {expected}, got {actual} ({(int)answer.StatusCode} {location})");
                }
            }
        }

        foreach (var session in sessions.Values)
        {
            session.Dispose();
        }

        Assert.True(wrong.Length == 0, wrong.ToString());
    }

    private static List<string> ApiEndpoints(TestHost host) =>
        [.. host.App.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IHttpMethodMetadata>() is not null && !e.RoutePattern.RawText!.StartsWith("/ui", StringComparison.Ordinal))
            .SelectMany(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods.Select(m => $"{m} {e.RoutePattern.RawText}"))
            .Distinct()];

    private static async Task<HttpStatusCode> CallAsync(HttpClient http, string endpoint)
    {
        var method = endpoint[..endpoint.IndexOf(' ', StringComparison.Ordinal)];
        var path = endpoint[(method.Length + 1)..]
            .Replace("{id:guid}", Guid.NewGuid().ToString(), StringComparison.Ordinal)
            .Replace("{alias}", "webex_subscription", StringComparison.Ordinal)
            .Replace("{process}", "activity", StringComparison.Ordinal)
            .Replace("{definitionId}", "nope", StringComparison.Ordinal)
            .Replace("{instanceId}", "nope", StringComparison.Ordinal)
                .Replace("{definitionId}", "cisco-webex-reclaim-subscription", StringComparison.Ordinal)
            .Replace("{userName}", "nobody-by-that-name", StringComparison.Ordinal)
            .Replace("{documentName}", "v1", StringComparison.Ordinal)
            .Replace("{number}", "RC0001001", StringComparison.Ordinal)
            .Replace("{token}", "not-a-token", StringComparison.Ordinal);
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path.TrimStart('/'), UriKind.Relative));
        if (method is "POST" or "PUT")
        {
            request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        }

        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }
}
