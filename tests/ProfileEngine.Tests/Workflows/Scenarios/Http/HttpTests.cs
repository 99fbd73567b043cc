using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ProfileEngine.Workflows.Activities.BuiltIn;
using ProfileEngine.Workflows.Hosting;
using ProfileEngine.Workflows.Persistence;

namespace ProfileEngine.Tests.Workflows;

/// <summary>Scenario Http: Elsa.SendHttpRequest against a real Kestrel server on 127.0.0.1, allowed hosts only.</summary>
public sealed class HttpTests : IAsyncLifetime
{
    private readonly ConcurrentQueue<(string Method, string Path, string? Authorization, string? RequestId, string Body)> _received = new();
    private WebApplication? _server;

    private string BaseUrl => _server!.Urls.First().TrimEnd('/');

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _server = builder.Build();
        _server.Use(async (context, next) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            _received.Enqueue((context.Request.Method, context.Request.Path, context.Request.Headers.Authorization.FirstOrDefault(),
                context.Request.Headers["X-Request-Id"].FirstOrDefault(), await reader.ReadToEndAsync()));
            await next(context);
        });
        _server.MapPost("/licenses/{id}", (string id) => Results.Json(new { id, reclaimed = true }, statusCode: 201));
        _server.MapGet("/missing", () => Results.NotFound(new { error = "no such license" }));
        _server.MapGet("/moved", () => Results.Redirect("http://elsewhere.example/"));
        await _server.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_request_to_an_allowed_host_sends_method_headers_and_content_and_outputs_status_and_parsed_content()
    {
        await using var harness = await StartAsync("127.0.0.1");

        var run = await harness.Runtime.StartAsync("http-call", new JsonObject { ["url"] = $"{BaseUrl}/licenses/L1?token=abc", ["method"] = "POST" });

        RunAssert.Finished(run);
        var request = Assert.Single(_received);
        Assert.Equal(("POST", "/licenses/L1", "Bearer secret-token-123", "r-1"), (request.Method, request.Path, request.Authorization, request.RequestId));
        Assert.Equal(3, JsonNode.Parse(request.Body)!["seats"]!.GetValue<int>());
        var details = await harness.DetailsAsync(run.InstanceId);
        Assert.Equal([$"POST {BaseUrl}/licenses/L1 → 201", "status 201 body {\"id\":\"L1\",\"reclaimed\":true}"], details.Log.Select(l => l.Message));
        Assert.Equal(201, details.Variables["Status"]!.GetValue<int>());
        var everythingStored = string.Join("\n", details.Log.Select(l => l.Message).Concat(details.Executions.Select(e => e.OutputsJson ?? string.Empty)));
        Assert.DoesNotContain("secret-token-123", everythingStored, StringComparison.Ordinal);
        Assert.DoesNotContain("token=abc", everythingStored, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_error_status_is_an_output_not_a_fault_and_a_redirect_is_not_followed()
    {
        await using var harness = await StartAsync("127.0.0.1");

        var missing = await harness.Runtime.StartAsync("http-call", new JsonObject { ["url"] = $"{BaseUrl}/missing", ["method"] = "GET" });
        var moved = await harness.Runtime.StartAsync("http-call", new JsonObject { ["url"] = $"{BaseUrl}/moved", ["method"] = "get" });

        RunAssert.Finished(missing);
        Assert.Equal("status 404 body {\"error\":\"no such license\"}", (await harness.LogAsync(missing.InstanceId))[1]);
        RunAssert.Finished(moved);
        Assert.Equal(302, (await harness.VariableAsync(moved.InstanceId, "Status"))!.GetValue<int>());
        Assert.Equal(["/missing", "/moved"], _received.Select(r => r.Path));
    }

    [Fact]
    public async Task A_host_off_the_allow_list_faults_naming_the_host_and_nothing_is_sent()
    {
        await using var harness = await StartAsync("api.example.com");

        var run = await harness.Runtime.StartAsync("http-call", new JsonObject { ["url"] = $"{BaseUrl}/licenses/L1", ["method"] = "POST" });

        Assert.Equal(WorkflowStatus.Faulted, run.Status);
        Assert.Contains("the host '127.0.0.1' is not in ProfileEngine:Workflows:HttpAllowedHosts (api.example.com); the request was not sent", run.FaultMessage, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-token-123", run.FaultMessage, StringComparison.Ordinal);
        Assert.Empty(_received);
    }

    [Theory]
    [InlineData("api.example.com", "api.example.com", true)]
    [InlineData("API.Example.com", "api.example.com", true)]
    [InlineData("eu.api.example.com", "*.example.com", true)]
    [InlineData("example.com", "*.example.com", false)]
    [InlineData("evilexample.com", "*.example.com", false)]
    [InlineData("localhost", "api.example.com", false)]
    public void Allowed_hosts_match_exactly_or_as_subdomains_of_a_wildcard(string host, string entry, bool allowed) =>
        Assert.Equal(allowed, SendHttpRequest.IsAllowed(host, [entry]));

    private static async Task<WorkflowHarness> StartAsync(string allowedHost)
    {
        var harness = await WorkflowHarness.StartAsync(services => services.Configure<WorkflowRuntimeOptions>(o => o.HttpAllowedHosts = [allowedHost]));
        await harness.ImportScenarioAsync("Http", "http-call.json");
        return harness;
    }
}
