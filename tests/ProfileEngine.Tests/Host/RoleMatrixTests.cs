using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using ProfileEngine.Tests.Support;
using ProfileEngine.Users;

namespace ProfileEngine.Tests.Host;

/// <summary>
/// Every API endpoint the host maps, called by every role (and by nobody): the ones a role may use never answer
/// 401/403, the others answer 401 without a token and 403 with one. The table is this test's own, and every mapped
/// endpoint must be in it, so a new endpoint cannot slip in without a decision about who may call it.
/// </summary>
public sealed class RoleMatrixTests
{
    private const string Anyone = "anyone";
    private const string Reader = "read";

    private static readonly Dictionary<string, string> Expected = new(StringComparer.Ordinal)
    {
        ["GET /health"] = Anyone,
        ["GET /openapi/{documentName}.json"] = Reader,
        ["GET /users/"] = EngineRoles.Admin,
        ["POST /users/"] = EngineRoles.Admin,
        ["GET /me/"] = Reader,
        ["GET /me/tokens"] = Reader,
        ["POST /me/tokens"] = Reader,
        ["DELETE /me/tokens/{id:guid}"] = Reader,
        ["POST /connections/aliases"] = EngineRoles.Admin,
        ["GET /connections/{alias}"] = Reader,
        ["PUT /connections/{alias}"] = EngineRoles.Operator,
        ["POST /connections/{alias}/connect"] = EngineRoles.Operator,
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
        ["GET /profiles/{id:guid}/software-models"] = Reader,
        ["GET /profiles/{id:guid}/unrecognized-identifiers"] = Reader,
        ["POST /profiles/{id:guid}/unrecognized-identifiers/map"] = EngineRoles.Admin,
        ["GET /profiles/{id:guid}/subscriptions"] = Reader,
        ["GET /workflows/definitions"] = Reader,
        ["GET /workflows/definitions/problems"] = Reader,
        ["POST /workflows/definitions/reload"] = EngineRoles.Admin,
        ["GET /workflows/definitions/{definitionId}/versions"] = Reader,
        ["POST /workflows/definitions/{definitionId}/publish"] = EngineRoles.Admin,
        ["GET /workflows/instances"] = Reader,
        ["GET /workflows/instances/{instanceId}"] = Reader,
        ["POST /workflows/instances/{instanceId}/cancel"] = EngineRoles.Operator,
        ["POST /workflows/instances/{instanceId}/retry"] = EngineRoles.Operator,
    };

    [Fact]
    public async Task Every_endpoint_allows_exactly_the_roles_the_table_names()
    {
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?> { ["WebexSimulator:Enabled"] = "false" });
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
            .Replace("{documentName}", "v1", StringComparison.Ordinal);
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path.TrimStart('/'), UriKind.Relative));
        if (method is "POST" or "PUT")
        {
            request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        }

        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }
}
