using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using ProfileEngine.Tests.Support;
using ProfileEngine.Users;
using ProfileEngine.Workflows.Runtime;
using static Microsoft.Playwright.Assertions;

namespace ProfileEngine.BrowserTests;

/// <summary>
/// The workflow pages in Chromium: a definition drawn where its designer put each activity, and two instances drawn
/// with what ran, what waits and what failed, each box leading to that activity's details.
/// </summary>
public sealed class WorkflowFlowchartTests(Browser browser) : IClassFixture<Browser>
{
    private const string Password = "browser tests password";

    private const string Waits = """
        { "definitionId": "drawn-waits", "name": "Drawn waits", "isPublished": true,
          "root": { "type": "Elsa.Flowchart", "id": "Flow", "activities": [
            { "id": "Start", "type": "Elsa.Start", "metadata": { "designer": { "position": { "x": 0, "y": 0 } } } },
            { "id": "Say", "type": "Elsa.WriteLine", "name": "<script>alert(1)</script>", "metadata": { "designer": { "position": { "x": 300, "y": 0 } } },
              "text": { "typeName": "String", "expression": { "type": "Literal", "value": "hello from Say" } } },
            { "id": "Wait", "type": "Elsa.Event", "metadata": { "designer": { "position": { "x": 300, "y": 150 } } },
              "eventName": { "typeName": "String", "expression": { "type": "Literal", "value": "Go" } } } ],
          "connections": [
            { "source": { "activity": "Start", "port": "Done" }, "target": { "activity": "Say", "port": "In" } },
            { "source": { "activity": "Say", "port": "Done" }, "target": { "activity": "Wait", "port": "In" } } ] } }
        """;

    private const string Faults = """
        { "definitionId": "drawn-faults", "isPublished": true,
          "root": { "type": "Elsa.Flowchart", "id": "Flow", "activities": [
            { "id": "Start", "type": "Elsa.Start" },
            { "id": "Boom", "type": "Elsa.WriteLine", "text": { "typeName": "String", "expression": { "type": "JavaScript", "value": "throw new Error('boom in the script')" } } },
            { "id": "Never", "type": "Elsa.End" } ],
          "connections": [
            { "source": { "activity": "Start", "port": "Done" }, "target": { "activity": "Boom", "port": "In" } },
            { "source": { "activity": "Boom", "port": "Done" }, "target": { "activity": "Never", "port": "In" } } ] } }
        """;

    [Fact]
    public async Task A_reader_sees_a_definition_and_its_instances_as_flowcharts_coloured_by_state()
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
        await host.CreateUserAsync("rhea", Password, [EngineRoles.ReadOnly]);
        var runtime = host.App.Services.GetRequiredService<IWorkflowRuntime>();
        var waiting = await runtime.StartAsync("drawn-waits", correlationId: "w-1");
        var faulted = await runtime.StartAsync("drawn-faults", correlationId: "f-1");
        var (context, shots) = await browser.NewPageAsync(host.Address, nameof(A_reader_sees_a_definition_and_its_instances_as_flowcharts_coloured_by_state));
        await using var _ = context;
        var page = shots.Page;
        var dialogs = 0;
        page.Dialog += (_, dialog) => dialogs++;

        await page.GotoAsync("ui/workflows");
        await page.GetByLabel("User name").FillAsync("rhea");
        await page.GetByLabel("Password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Subflow definitions");

        // The definition, where its designer placed each activity: Wait straight below Say, right of Start.
        await page.GetByRole(AriaRole.Link, new() { Name = "drawn-waits", Exact = true }).ClickAsync();
        await Expect(page.Locator("h1")).ToContainTextAsync("Drawn waits");
        var chart = page.Locator("svg.flowchart").First;
        await Expect(chart).ToBeVisibleAsync();
        await Expect(chart.Locator("g.activity")).ToHaveCountAsync(3);
        await Expect(chart.Locator("g.connection")).ToHaveCountAsync(2);
        var start = await BoxAsync(chart, "Start");
        var say = await BoxAsync(chart, "Say");
        var wait = await BoxAsync(chart, "Wait");
        Assert.True(say.X > start.X + start.Width && Math.Abs(say.Y - start.Y) < 1, $"Say sits right of Start: {start} {say}");
        Assert.True(wait.Y > say.Y + say.Height && Math.Abs(wait.X - say.X) < 1, $"Wait sits below Say: {say} {wait}");
        await Expect(page.Locator("#activity-Say h3")).ToContainTextAsync("<script>alert(1)</script>");
        await shots.TakeAsync("definition-flowchart");

        // The waiting instance: Start and Say ran, Wait waits; the legend explains the colours.
        await page.GotoAsync($"ui/workflows/instances/{waiting.InstanceId}");
        chart = page.Locator("svg.flowchart").First;
        await Expect(chart).ToBeVisibleAsync();
        await Expect(page.Locator("#flowchart-legend")).ToBeVisibleAsync();
        await Expect(State(chart, "Start")).ToHaveAttributeAsync("data-state", "executed");
        await Expect(State(chart, "Say")).ToHaveAttributeAsync("data-state", "executed");
        await Expect(State(chart, "Wait")).ToHaveAttributeAsync("data-state", "waiting");
        Assert.NotEqual(await FillAsync(chart, "Say"), await FillAsync(chart, "Wait"));
        await shots.TakeAsync("instance-waiting");

        // A box leads to its activity's details: inputs, runs and log lines.
        await chart.Locator("g.activity[data-activity-id='Say']").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("#activity-Say$"));
        await Expect(page.Locator("#activity-Say")).ToBeInViewportAsync();
        await Expect(page.Locator("#activity-Say .log")).ToContainTextAsync("hello from Say");
        await Expect(page.Locator("#activity-Wait")).ToContainTextAsync("Waiting for the event Go");
        await shots.TakeAsync("instance-activity-details");

        // The faulted instance: Boom failed, Never did not run.
        await page.GotoAsync($"ui/workflows/instances/{faulted.InstanceId}");
        chart = page.Locator("svg.flowchart").First;
        await Expect(chart).ToBeVisibleAsync();
        await Expect(State(chart, "Start")).ToHaveAttributeAsync("data-state", "executed");
        await Expect(State(chart, "Boom")).ToHaveAttributeAsync("data-state", "faulted");
        await Expect(State(chart, "Never")).ToHaveAttributeAsync("data-state", "not-run");
        await Expect(page.Locator("#activity-Boom .runs")).ToContainTextAsync("boom in the script");
        Assert.Equal(3, new[] { await FillAsync(chart, "Start"), await FillAsync(chart, "Boom"), await FillAsync(chart, "Never") }.Distinct().Count());
        await shots.TakeAsync("instance-faulted");

        Assert.Equal(0, dialogs);
    }

    private static ILocator State(ILocator chart, string activityId) => chart.Locator($"g.activity[data-activity-id='{activityId}']");

    private static async Task<LocatorBoundingBoxResult> BoxAsync(ILocator chart, string activityId) =>
        await State(chart, activityId).Locator("rect").BoundingBoxAsync() ?? throw new InvalidOperationException($"{activityId} has no box on screen.");

    /// <summary>The colour the browser paints the box with.</summary>
    private static Task<string> FillAsync(ILocator chart, string activityId) =>
        State(chart, activityId).Locator("rect").EvaluateAsync<string>("rect => getComputedStyle(rect).fill");
}
