using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using ProfileEngine.Tests.Support;
using ProfileEngine.Users;
using ProfileEngine.Workflows.Persistence;
using ProfileEngine.Workflows.Runtime;

namespace ProfileEngine.Tests.Host;

/// <summary>The real host draws each definition version and each instance as a flowchart on its pages.</summary>
public sealed partial class WorkflowFlowchartPageTests
{
    private const string Password = "flowchart page password";
    private const string SecretLiteral = "k-5ecret-literal-0042";
    private const string SecretPayload = "tok-5ecret-payload-0042";

    private const string Waits = """
        { "definitionId": "drawn-waits", "name": "Drawn waits", "isPublished": true,
          "variables": [ { "id": "settings", "name": "Settings", "typeName": "Object" } ],
          "root": { "type": "Elsa.Flowchart", "id": "Flow", "activities": [
            { "id": "Start", "type": "Elsa.Start" },
            { "id": "Remember", "type": "Elsa.SetVariable", "variable": { "id": "settings", "name": "Settings" },
              "value": { "typeName": "Object", "expression": { "type": "Literal", "value": "{\"user\": \"ada\", \"apiKey\": \"k-5ecret-literal-0042\"}" } } },
            { "id": "Say", "type": "Elsa.WriteLine", "name": "<script>alert('x')</script>",
              "text": { "typeName": "String", "expression": { "type": "Literal", "value": "hello from Say" } } },
            { "id": "Wait", "type": "Elsa.Event", "eventName": { "typeName": "String", "expression": { "type": "Literal", "value": "Go" } } } ],
          "connections": [
            { "source": { "activity": "Start", "port": "Done" }, "target": { "activity": "Remember", "port": "In" } },
            { "source": { "activity": "Remember", "port": "Done" }, "target": { "activity": "Say", "port": "In" } },
            { "source": { "activity": "Say", "port": "Done" }, "target": { "activity": "Wait", "port": "In" } } ] } }
        """;

    private const string Faults = """
        { "definitionId": "drawn-faults", "isPublished": true,
          "root": { "type": "Elsa.Flowchart", "id": "Flow", "activities": [
            { "id": "Start", "type": "Elsa.Start" },
            { "id": "Answer", "type": "Elsa.Event", "eventName": { "typeName": "String", "expression": { "type": "Literal", "value": "Answer" } } },
            { "id": "Boom", "type": "Elsa.WriteLine", "text": { "typeName": "String", "expression": { "type": "JavaScript", "value": "throw new Error('boom in the script')" } } },
            { "id": "Never", "type": "Elsa.End" } ],
          "connections": [
            { "source": { "activity": "Start", "port": "Done" }, "target": { "activity": "Answer", "port": "In" } },
            { "source": { "activity": "Answer", "port": "Done" }, "target": { "activity": "Boom", "port": "In" } },
            { "source": { "activity": "Boom", "port": "Done" }, "target": { "activity": "Never", "port": "In" } } ] } }
        """;

    [Fact]
    public async Task A_definition_and_its_instances_are_drawn_with_states_details_escaped_names_and_no_secrets()
    {
        using var data = new TempDataFolder();
        var folder = Directory.CreateDirectory(data.File("workflows")).FullName;
        await File.WriteAllTextAsync(Path.Combine(folder, "drawn-waits.json"), Waits);
        await File.WriteAllTextAsync(Path.Combine(folder, "drawn-faults.json"), Faults);
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?>
        {
            ["ProfileEngine:WebexSimulator:Enabled"] = "false",
            ["ProfileEngine:DataFolder"] = data.Path,
            ["ProfileEngine:Workflows:DefinitionsFolder"] = folder,
        });
        await host.CreateUserAsync("reader", Password, [EngineRoles.ReadOnly]);
        var runtime = host.App.Services.GetRequiredService<IWorkflowRuntime>();
        var waiting = await runtime.StartAsync("drawn-waits", correlationId: "w-1");
        var faulting = await runtime.StartAsync("drawn-faults", correlationId: "f-1");
        var answered = Assert.Single(await runtime.PublishEventAsync("Answer", "f-1", new JsonObject { ["accessToken"] = SecretPayload, ["kept"] = true }));
        using var ui = await UiSession.SignInAsync(host.Address, "reader", Password);

        var list = await ui.GetPageAsync("ui/workflows");
        var definition = await ui.GetPageAsync("ui/workflows/definitions/drawn-waits");
        var waitingPage = await ui.GetPageAsync($"ui/workflows/instances/{waiting.InstanceId}");
        var faultedPage = await ui.GetPageAsync($"ui/workflows/instances/{faulting.InstanceId}");
        using var unknown = await ui.GetAsync("ui/workflows/definitions/nope");
        using var unknownVersion = await ui.GetAsync("ui/workflows/definitions/drawn-waits?version=9");

        Assert.Equal(WorkflowStatus.Suspended, waiting.Status);
        Assert.Equal(WorkflowStatus.Faulted, answered.Run!.Status);
        Assert.Contains("href=\"/ui/workflows/definitions/drawn-waits?version=1\"", list, StringComparison.Ordinal);

        // The definition: one box per activity, not coloured by any run, the admin's name escaped, the secret masked.
        Assert.Equal(4, Boxes(definition).Count);
        Assert.All(Boxes(definition).Values, state => Assert.Equal("not-run", state));
        Assert.DoesNotContain("<script>alert", definition, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(", definition, StringComparison.Ordinal);
        Assert.Contains("id=\"activity-Remember\"", definition, StringComparison.Ordinal);
        Assert.DoesNotContain(SecretLiteral, definition, StringComparison.Ordinal);
        Assert.Contains("&quot;apiKey&quot;:&quot;***&quot;", definition, StringComparison.Ordinal);

        // The waiting instance: what ran, what waits, what never ran; the legend; each box links to its details with the log line.
        Assert.Equal(
            new Dictionary<string, string> { ["Start"] = "executed", ["Remember"] = "executed", ["Say"] = "executed", ["Wait"] = "waiting" },
            Boxes(waitingPage));
        Assert.Contains("id=\"flowchart-legend\"", waitingPage, StringComparison.Ordinal);
        Assert.Contains("href=\"#activity-Say\"", waitingPage, StringComparison.Ordinal);
        Assert.Matches(new Regex("<section class=\"activity-details\" id=\"activity-Say\" data-state=\"executed\">.*?hello from Say.*?</section>", RegexOptions.Singleline), waitingPage);
        Assert.Matches(new Regex("<section class=\"activity-details\" id=\"activity-Wait\" data-state=\"waiting\">.*?Waiting for the event Go.*?</section>", RegexOptions.Singleline), waitingPage);
        Assert.DoesNotContain(SecretLiteral, waitingPage, StringComparison.Ordinal);

        // The faulted instance: the fault on its box and in its details, the event's payload shown without its token.
        Assert.Equal(
            new Dictionary<string, string> { ["Start"] = "executed", ["Answer"] = "executed", ["Boom"] = "faulted", ["Never"] = "not-run" },
            Boxes(faultedPage));
        Assert.Matches(new Regex("<section class=\"activity-details\" id=\"activity-Boom\" data-state=\"faulted\">.*?boom in the script.*?</section>", RegexOptions.Singleline), faultedPage);
        Assert.Matches(new Regex("<section class=\"activity-details\" id=\"activity-Answer\" data-state=\"executed\">.*?&quot;kept&quot;:true.*?</section>", RegexOptions.Singleline), faultedPage);
        Assert.DoesNotContain(SecretPayload, faultedPage, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownVersion.StatusCode);
    }

    /// <summary>Each box's activity id and state, from the page's inline SVG.</summary>
    private static Dictionary<string, string> Boxes(string page) =>
        Box().Matches(page).ToDictionary(m => m.Groups["id"].Value, m => m.Groups["state"].Value);

    [GeneratedRegex("<g class=\"activity [^\"]*\" data-activity-id=\"(?<id>[^\"]+)\" data-state=\"(?<state>[^\"]+)\">")]
    private static partial Regex Box();
}
