using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using ProfileEngine.Tests.Support;
using ProfileEngine.Users;
using ProfileEngine.Workflows.Runtime;

namespace ProfileEngine.Tests.Host;

/// <summary>The real host loads the definitions folder at startup, reports bad files, and serves instances.</summary>
public sealed class WorkflowApiTests
{
    private const string Password = "correct horse battery staple 7";

    private const string Waiting = """
        { "definitionId": "api-waits", "isPublished": true,
          "root": { "type": "Elsa.Sequence", "id": "Seq", "activities": [
            { "id": "Wait", "type": "Elsa.Event", "eventName": { "typeName": "String", "expression": { "type": "Literal", "value": "Go" } } } ] } }
        """;

    [Fact]
    public async Task The_host_loads_good_definitions_reports_bad_ones_and_serves_instances()
    {
        using var data = new TempDataFolder();
        var folder = Directory.CreateDirectory(data.File("workflows")).FullName;
        await File.WriteAllTextAsync(Path.Combine(folder, "api-waits.json"), Waiting);
        await File.WriteAllTextAsync(Path.Combine(folder, "broken.json"), Waiting.Replace("Elsa.Event", "Elsa.Evnt", StringComparison.Ordinal));
        await File.WriteAllTextAsync(Path.Combine(folder, "extra-input.json"), Waiting
            .Replace("api-waits", "api-extra-input", StringComparison.Ordinal)
            .Replace("\"eventName\":", "\"colour\": { \"typeName\": \"String\", \"expression\": { \"type\": \"Literal\", \"value\": \"red\" } }, \"eventName\":", StringComparison.Ordinal));
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?>
        {
            ["ProfileEngine:WebexSimulator:Enabled"] = "false",
            ["ProfileEngine:DataFolder"] = data.Path,
            ["ProfileEngine:Workflows:DefinitionsFolder"] = folder,
        });
        using var http = host.CreateClient();

        var problems = await http.GetFromJsonAsync<JsonObject>(new Uri("workflows/definitions/problems", UriKind.Relative));
        var definitions = await http.GetFromJsonAsync<JsonObject>(new Uri("workflows/definitions", UriKind.Relative));
        var run = await host.App.Services.GetRequiredService<IWorkflowRuntime>().StartAsync("api-waits", correlationId: "p-1");
        var instance = await http.GetFromJsonAsync<JsonObject>(new Uri($"workflows/instances/{run.InstanceId}", UriKind.Relative));
        var listed = await http.GetFromJsonAsync<JsonArray>(new Uri("workflows/instances?status=suspended&correlationId=p-1", UriKind.Relative));
        using var badStatus = await http.GetAsync(new Uri("workflows/instances?status=Sleeping", UriKind.Relative));
        using var cancel = await http.PostAsync(new Uri($"workflows/instances/{run.InstanceId}/cancel", UriKind.Relative), null);
        using var cancelAgain = await http.PostAsync(new Uri($"workflows/instances/{run.InstanceId}/cancel", UriKind.Relative), null);
        using var unknown = await http.GetAsync(new Uri("workflows/instances/nope", UriKind.Relative));

        await host.CreateUserAsync("reader", Password, [EngineRoles.ReadOnly]);
        using var ui = await UiSession.SignInAsync(host.Address, "reader", Password);
        var pageHtml = await ui.GetPageAsync("ui/workflows");

        var warning = Assert.Single(problems!["warnings"]!.AsArray())!;
        Assert.Equal("extra-input.json", Path.GetFileName(warning["file"]!.GetValue<string>()));
        Assert.Equal("$.root.activities[0].colour", warning["jsonPath"]!.GetValue<string>());
        Assert.Contains("Elsa.Event has no input 'colour'", warning["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("id=\"warnings\"", pageHtml, StringComparison.Ordinal);
        Assert.Contains("Elsa.Event has no input &#x27;colour&#x27;", pageHtml, StringComparison.Ordinal);
        var problem = Assert.Single(problems!["problems"]!.AsArray())!;
        Assert.Equal("broken.json", problem["file"]!.GetValue<string>());
        Assert.Equal("$.root.activities[0].type", problem["jsonPath"]!.GetValue<string>());
        Assert.Contains("unknown activity type 'Elsa.Evnt'", problem["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(1, definitions!["problemCount"]!.GetValue<int>());
        Assert.Equal(["api-extra-input", "api-waits"], definitions["definitions"]!.AsArray().Select(d => d!["definitionId"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        Assert.Equal("Suspended", instance!["summary"]!["status"]!.GetValue<string>());
        Assert.Equal("Go", instance["bookmarks"]![0]!["eventName"]!.GetValue<string>());
        Assert.Equal(run.InstanceId, Assert.Single(listed!)!["instanceId"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.BadRequest, badStatus.StatusCode);
        Assert.Contains("'Sleeping' is not a workflow status", await badStatus.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, cancelAgain.StatusCode);
        Assert.Contains("already Cancelled", await cancelAgain.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task The_instance_api_masks_secret_named_variables_and_fields_as_the_instance_page_does()
    {
        using var data = new TempDataFolder();
        var folder = Directory.CreateDirectory(data.File("workflows")).FullName;
        await File.WriteAllTextAsync(Path.Combine(folder, "api-secrets.json"), """
            { "definitionId": "api-secrets", "isPublished": true,
              "variables": [
                { "id": "t", "name": "apiToken", "typeName": "String", "value": "tok-3141-secret-value" },
                { "id": "c", "name": "connection", "typeName": "Object", "value": { "user": "svc-sam", "password": "pw-2718-secret-value" } } ],
              "root": { "type": "Elsa.Sequence", "id": "Seq", "activities": [
                { "id": "Wait", "type": "Elsa.Event", "eventName": { "typeName": "String", "expression": { "type": "Literal", "value": "Go" } } } ] } }
            """);
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?>
        {
            ["ProfileEngine:WebexSimulator:Enabled"] = "false",
            ["ProfileEngine:DataFolder"] = data.Path,
            ["ProfileEngine:Workflows:DefinitionsFolder"] = folder,
        });
        using var http = host.CreateClient();
        var run = await host.App.Services.GetRequiredService<IWorkflowRuntime>().StartAsync("api-secrets", correlationId: "s-1");
        var stored = await host.App.Services.GetRequiredService<IWorkflowRuntime>().GetAsync(run.InstanceId);

        await host.App.Services.GetRequiredService<IWorkflowRuntime>().PublishEventAsync("Go", "s-1", new JsonObject { ["token"] = "tk-1618-secret-value", ["answer"] = "yes" });

        var body = await http.GetStringAsync(new Uri($"workflows/instances/{run.InstanceId}", UriKind.Relative));
        var instance = JsonNode.Parse(body)!;
        var waited = instance["executions"]!.AsArray().Single(e => e!["activityId"]!.GetValue<string>() == "Wait")!;
        var outputs = JsonNode.Parse(waited["outputsJson"]!.GetValue<string>())!;

        Assert.Equal("tok-3141-secret-value", stored!.Variables["apiToken"]!.GetValue<string>());
        Assert.Equal("***", instance["variables"]!["apiToken"]!.GetValue<string>());
        Assert.Equal("***", instance["variables"]!["connection"]!["password"]!.GetValue<string>());
        Assert.Equal("svc-sam", instance["variables"]!["connection"]!["user"]!.GetValue<string>());
        Assert.DoesNotContain("tok-3141", body, StringComparison.Ordinal);
        Assert.DoesNotContain("pw-2718", body, StringComparison.Ordinal);
        Assert.Equal("***", outputs["result"]!["token"]!.GetValue<string>());
        Assert.Equal("yes", outputs["result"]!["answer"]!.GetValue<string>());
        Assert.DoesNotContain("tk-1618", body, StringComparison.Ordinal);
    }
}
