using System.Text.Json.Nodes;
using System.Xml.Linq;
using ProfileEngine.Host.Workflows.Flowchart;
using ProfileEngine.Tests.Support;
using ProfileEngine.Workflows.Definitions;
using ProfileEngine.Workflows.Persistence;
using ProfileEngine.Workflows.Runtime;

namespace ProfileEngine.Tests.Host;

/// <summary>The flowchart SVG drawn from a definition: well-formed, one box per activity, where the designer put them, coloured by state, escaped.</summary>
public sealed class FlowchartRendererTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    private const string Positioned = """
        { "definitionId": "drawn", "name": "Drawn",
          "root": { "type": "Elsa.Flowchart", "id": "Flow",
            "activities": [
              { "id": "Start", "type": "Elsa.Start", "metadata": { "designer": { "position": { "x": 100, "y": 50 } } } },
              { "id": "Wait", "type": "Elsa.Event", "name": "Wait for go", "metadata": { "designer": { "position": { "x": 400, "y": 50 } } },
                "eventName": { "typeName": "String", "expression": { "type": "Literal", "value": "Go" } } },
              { "id": "Say", "type": "Elsa.WriteLine", "metadata": { "designer": { "position": { "x": 100, "y": 250 } } },
                "text": { "typeName": "String", "expression": { "type": "Literal", "value": "hello" } } }
            ],
            "connections": [
              { "source": { "activity": "Start", "port": "Done" }, "target": { "activity": "Wait", "port": "In" } },
              { "source": { "activity": "Wait", "port": "Done" }, "target": { "activity": "Say", "port": "In" } }
            ] } }
        """;

    [Fact]
    public void A_definition_is_drawn_as_well_formed_svg_with_one_box_per_activity_where_the_designer_put_it()
    {
        var diagrams = FlowchartDiagrams.From(Read(Positioned));

        var svg = XElement.Parse(FlowchartSvg.Render(Assert.Single(diagrams.Diagrams)));

        Assert.Equal(Svg + "svg", svg.Name);
        var boxes = Boxes(svg);
        Assert.Equal<string>(["Start", "Wait", "Say"], boxes.Keys);
        // Shifted so the top-left box sits at the margin (24), the distances kept as the designer drew them.
        Assert.Equal((24d, 24d), boxes["Start"]);
        Assert.Equal((324d, 24d), boxes["Wait"]);
        Assert.Equal((24d, 224d), boxes["Say"]);
        Assert.Equal(2, svg.Descendants(Svg + "g").Count(g => (string?)g.Attribute("class") == "connection"));
        Assert.Contains(svg.Descendants(Svg + "text"), t => t.Value == "Wait for go");
        Assert.Contains(svg.Descendants(Svg + "text"), t => (string?)t.Attribute("class") == "port" && t.Value == "Done");
        Assert.Equal("#activity-Say", Link(svg, "Say"));
    }

    [Fact]
    public void Names_ids_and_ports_from_a_file_are_escaped()
    {
        var json = Positioned
            .Replace("\"name\": \"Wait for go\"", "\"name\": \"<script>alert('x')</script>\"", StringComparison.Ordinal)
            .Replace("\"id\": \"Say\"", "\"id\": \"Say\\\"/><script>&\"", StringComparison.Ordinal)
            .Replace("\"activity\": \"Say\"", "\"activity\": \"Say\\\"/><script>&\"", StringComparison.Ordinal)
            .Replace("\"port\": \"Done\" }, \"target\": { \"activity\": \"Wait\"", "\"port\": \"<b>Done</b>\" }, \"target\": { \"activity\": \"Wait\"", StringComparison.Ordinal);

        var text = FlowchartSvg.Render(Assert.Single(FlowchartDiagrams.From(Read(json)).Diagrams));
        var svg = XElement.Parse(text);

        Assert.DoesNotContain("<script>", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<b>", text, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", text, StringComparison.Ordinal);
        Assert.Contains(svg.Descendants(Svg + "title"), t => t.Value.StartsWith("<script>alert('x')</script>", StringComparison.Ordinal));
        Assert.Contains(svg.Descendants(Svg + "g"), g => (string?)g.Attribute("data-activity-id") == "Say\"/><script>&");
        Assert.Contains(svg.Descendants(Svg + "text"), t => t.Value == "<b>Done</b>");
        // The link to the details uses a safe id, not the raw activity id.
        Assert.Equal("#activity-Say____script__", Link(svg, "Say\"/><script>&"));
    }

    [Fact]
    public void Executed_faulted_and_waiting_activities_get_their_own_colours()
    {
        var diagram = Assert.Single(FlowchartDiagrams.From(Read(Positioned)).Diagrams);
        var states = new Dictionary<string, ActivityState>
        {
            ["Start"] = ActivityState.Executed,
            ["Wait"] = ActivityState.Waiting,
            ["Say"] = ActivityState.Faulted,
        };

        var svg = XElement.Parse(FlowchartSvg.Render(diagram, states));

        var fills = svg.Descendants(Svg + "g").Where(g => g.Attribute("data-activity-id") is not null)
            .ToDictionary(g => (string)g.Attribute("data-activity-id")!, g => ((string)g.Attribute("data-state")!, (string)g.Element(Svg + "rect")!.Attribute("fill")!));
        Assert.Equal(("executed", ActivityStateStyle.Colours(ActivityState.Executed).Fill), fills["Start"]);
        Assert.Equal(("waiting", ActivityStateStyle.Colours(ActivityState.Waiting).Fill), fills["Wait"]);
        Assert.Equal(("faulted", ActivityStateStyle.Colours(ActivityState.Faulted).Fill), fills["Say"]);
        Assert.Equal(3, fills.Values.Select(f => f.Item2).Distinct().Count());
        Assert.NotEqual(ActivityStateStyle.Colours(ActivityState.NotRun).Fill, fills["Start"].Item2);
    }

    [Fact]
    public void Activities_without_designer_positions_are_laid_out_in_rows_that_follow_the_arrows_without_overlapping()
    {
        var json = """
            { "definitionId": "unplaced",
              "root": { "type": "Elsa.Flowchart", "id": "Flow",
                "activities": [
                  { "id": "Start", "type": "Elsa.Start" },
                  { "id": "Decide", "type": "Elsa.FlowDecision", "condition": { "typeName": "Boolean", "expression": { "type": "Literal", "value": "true" } } },
                  { "id": "Yes", "type": "Elsa.End" },
                  { "id": "No", "type": "Elsa.End" }
                ],
                "connections": [
                  { "source": { "activity": "Start", "port": "Done" }, "target": { "activity": "Decide", "port": "In" } },
                  { "source": { "activity": "Decide", "port": "True" }, "target": { "activity": "Yes", "port": "In" } },
                  { "source": { "activity": "Decide", "port": "False" }, "target": { "activity": "No", "port": "In" } }
                ] } }
            """;

        var boxes = Boxes(XElement.Parse(FlowchartSvg.Render(Assert.Single(FlowchartDiagrams.From(Read(json)).Diagrams))));

        Assert.True(boxes["Start"].Y < boxes["Decide"].Y, "Decide comes after Start");
        Assert.True(boxes["Decide"].Y < boxes["Yes"].Y, "Yes comes after Decide");
        Assert.Equal(boxes["Yes"].Y, boxes["No"].Y);
        Assert.True(boxes["No"].X - boxes["Yes"].X >= FlowchartSvg.BoxWidth, "the two branches sit side by side without overlapping");
    }

    [Fact]
    public void A_loop_without_positions_is_drawn_with_an_arrow_going_back_up()
    {
        var diagram = new FlowchartDiagram("diagram-loop", "Loop",
            [new DiagramNode("A", null, "Elsa.WriteLine", "activity-A", null, null), new DiagramNode("B", null, "Elsa.WriteLine", "activity-B", null, null)],
            [new DiagramEdge("A", "Done", "B"), new DiagramEdge("B", "Again", "A")]);

        var svg = XElement.Parse(FlowchartSvg.Render(diagram));

        var boxes = Boxes(svg);
        Assert.True(boxes["A"].Y < boxes["B"].Y);
        var back = svg.Descendants(Svg + "g").Single(g => (string?)g.Attribute("data-source") == "B");
        var width = double.Parse((string)svg.Attribute("width")!, System.Globalization.CultureInfo.InvariantCulture);
        // The way back runs in a lane right of both boxes, inside the drawing.
        var lane = double.Parse(back.Element(Svg + "path")!.Attribute("d")!.Value.Split(' ')[1][1..], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(lane, boxes["A"].X + FlowchartSvg.BoxWidth + 1, width);
    }

    [Fact]
    public void An_if_is_drawn_as_its_condition_with_a_True_and_a_False_arrow_to_its_branches()
    {
        var json = """
            { "definitionId": "decides",
              "root": { "type": "Elsa.Flowchart", "id": "Flow", "activities": [
                { "id": "Check", "type": "Elsa.If", "name": "Big enough?",
                  "condition": { "typeName": "Boolean", "expression": { "type": "JavaScript", "value": "1 > 0" } },
                  "then": { "id": "Yes", "type": "Elsa.WriteLine", "text": { "typeName": "String", "expression": { "type": "Literal", "value": "yes" } } },
                  "else": { "id": "No", "type": "Elsa.WriteLine", "text": { "typeName": "String", "expression": { "type": "Literal", "value": "no" } } } } ],
                "connections": [] } }
            """;

        var diagrams = FlowchartDiagrams.From(Read(json)).Diagrams;

        Assert.Equal<string>(["diagram-activity-Flow", "diagram-activity-Check"], diagrams.Select(d => d.Anchor));
        Assert.Equal("#diagram-activity-Check", Link(XElement.Parse(FlowchartSvg.Render(diagrams[0])), "Check"));
        var branches = diagrams[1];
        Assert.Equal([new DiagramEdge("Check", "True", "Yes"), new DiagramEdge("Check", "False", "No")], branches.Edges);
        var svg = XElement.Parse(FlowchartSvg.Render(branches));
        var boxes = Boxes(svg);
        Assert.Equal<string>(["Check", "Yes", "No"], boxes.Keys);
        Assert.True(boxes["Yes"].Item2 > boxes["Check"].Item2 && boxes["No"].Item2 > boxes["Check"].Item2, "the branches sit below the condition");
        Assert.NotEqual(boxes["Yes"], boxes["No"]);
        Assert.Equal(2, svg.Descendants(Svg + "g").Count(g => (string?)g.Attribute("class") == "connection"));
        Assert.Equal<string>(["False", "True"], svg.Descendants(Svg + "text").Where(t => (string?)t.Attribute("class") == "port").Select(t => t.Value).Order());
        Assert.Contains(svg.Descendants(Svg + "text"), t => t.Value == "Big enough?");
        Assert.Equal("#activity-Check", Link(svg, "Check"));
    }

    [Fact]
    public void A_nested_flowchart_gets_its_own_drawing_and_its_box_links_to_it()
    {
        var json = """
            { "definitionId": "nested",
              "root": { "type": "Elsa.Sequence", "id": "Outer", "activities": [
                { "id": "First", "type": "Elsa.WriteLine", "text": { "typeName": "String", "expression": { "type": "Literal", "value": "1" } } },
                { "id": "Inner", "type": "Elsa.Flowchart", "activities": [ { "id": "Deep", "type": "Elsa.Start" } ], "connections": [] } ] } }
            """;

        var diagrams = FlowchartDiagrams.From(Read(json)).Diagrams;

        Assert.Equal<string>(["diagram-activity-Outer", "diagram-activity-Inner"], diagrams.Select(d => d.Anchor));
        var outer = XElement.Parse(FlowchartSvg.Render(diagrams[0]));
        Assert.Equal("#diagram-activity-Inner", Link(outer, "Inner"));
        Assert.Equal("Next", outer.Descendants(Svg + "text").Single(t => (string?)t.Attribute("class") == "port").Value);
        Assert.Equal<string>(["Deep"], Boxes(XElement.Parse(FlowchartSvg.Render(diagrams[1]))).Keys);
    }

    [Fact]
    public void An_instance_colours_what_ran_failed_and_waits_and_masks_secret_inputs_and_outputs()
    {
        var json = Positioned.Replace(
            "\"text\": { \"typeName\": \"String\", \"expression\": { \"type\": \"Literal\", \"value\": \"hello\" } }",
            "\"text\": { \"typeName\": \"String\", \"expression\": { \"type\": \"Literal\", \"value\": \"{\\\"user\\\": \\\"ada\\\", \\\"apiKey\\\": \\\"k-123456789\\\"}\" } }",
            StringComparison.Ordinal);
        var at = DateTimeOffset.Parse("2026-12-01T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        var instance = new WorkflowInstanceDetails(
            new WorkflowInstanceSummary("i-1", "drawn", 1, WorkflowStatus.Suspended, "c-1", at, at, null, null, 0),
            new Dictionary<string, JsonNode?>(),
            [new WorkflowBookmarkView("b-1", "Wait", BookmarkKind.Event, "Go", "c-1", null)],
            [
                Execution(1, "Start", ActivityRunStatus.Completed, "{\"accessToken\":\"t-secret-987654\",\"count\":2}"),
                Execution(2, "Wait", ActivityRunStatus.Suspended, null),
                Execution(3, "Say", ActivityRunStatus.Faulted, "{\"refresh_token\":\"cut-off-secret"),
            ],
            [],
            [new WorkflowLogRecord { Id = "l-1", InstanceId = "i-1", Sequence = 1, ActivityId = "Start", Message = "started", Timestamp = at }]);

        var view = FlowchartViews.ForInstance(Read(json), instance);

        var svg = XElement.Parse(Assert.Single(view.Diagrams).Svg);
        var states = svg.Descendants(Svg + "g").Where(g => g.Attribute("data-activity-id") is not null)
            .ToDictionary(g => (string)g.Attribute("data-activity-id")!, g => (string)g.Attribute("data-state")!);
        Assert.Equal(new Dictionary<string, string> { ["Start"] = "executed", ["Wait"] = "waiting", ["Say"] = "faulted" }, states);
        var start = view.Activities.Single(a => a.ActivityId == "Start");
        Assert.Equal("{\"accessToken\":\"***\",\"count\":2}", Assert.Single(start.Runs).Outputs);
        Assert.Equal("started", Assert.Single(start.Log).Message);
        var say = view.Activities.Single(a => a.ActivityId == "Say");
        Assert.Equal("{\"user\":\"ada\",\"apiKey\":\"***\"}", Assert.Single(say.Inputs).Value);
        Assert.DoesNotContain("cut-off-secret", Assert.Single(say.Runs).Outputs, StringComparison.Ordinal);
        Assert.Equal("Go", Assert.Single(view.Activities.Single(a => a.ActivityId == "Wait").Bookmarks).EventName);
    }

    [Fact]
    public void Boxes_Elsa_Studio_placed_closer_than_ours_are_spread_apart_keeping_the_designers_arrangement()
    {
        var definition = Read(File.ReadAllText(Path.Combine(RepositoryPaths.RepositoryRoot, "tests", "ProfileEngine.Tests", "Workflows", "Scenarios", "ElsaExport", "decision-exported.json")));
        var designer = definition.Root.Activities!.ToDictionary(a => a.Id, a => FlowchartDiagrams.DesignerPosition(a.Metadata)!.Value);

        var boxes = Boxes(XElement.Parse(FlowchartSvg.Render(Assert.Single(FlowchartDiagrams.From(definition).Diagrams))));

        Assert.Empty(Overlapping(boxes));
        // One factor for the whole drawing: every box keeps its place relative to the others.
        var first = designer.Keys.First();
        var factors = designer.Keys.Where(id => designer[id].X != designer[first].X)
            .Select(id => (boxes[id].X - boxes[first].X) / (designer[id].X - designer[first].X)).ToList();
        Assert.All(factors, f => Assert.Equal(factors[0], f, 2));
        Assert.True(factors[0] > 1, $"the boxes were spread apart (factor {factors[0]})");
    }

    [Theory]
    [InlineData("cisco-webex-download-subscriptions.json")]
    [InlineData("cisco-webex-reclaim-subscription.json")]
    [InlineData("cisco-webex-update-user-activity.json")]
    [InlineData("sam-removal-candidate.json")]
    [InlineData("scim-application-download-users.json")]
    [InlineData("scim-application-update-user-activity.json")]
    [InlineData("scim-application-reclaim-subscription.json")]
    public void Each_shipped_definition_is_drawn_with_every_activity_in_its_own_place(string file)
    {
        var definition = Read(File.ReadAllText(Path.Combine(RepositoryPaths.WorkflowsFolder, file)));

        var svg = XElement.Parse(FlowchartSvg.Render(Assert.Single(FlowchartDiagrams.From(definition).Diagrams)));

        var boxes = Boxes(svg);
        Assert.Equal(definition.Root.Activities!.Select(a => a.Id).Order(), boxes.Keys.Order());
        Assert.Equal(definition.Root.Connections!.Count, svg.Descendants(Svg + "g").Count(g => (string?)g.Attribute("class") == "connection"));
        Assert.Empty(Overlapping(boxes));
    }

    [Fact]
    public void Secret_named_fields_are_masked_at_any_depth()
    {
        var redacted = SecretRedaction.RedactJson("""{"headers":{"Authorization":"Bearer abc","Accept":"json"},"items":[{"password":"p","name":"n"}],"clientSecret":null}""");

        Assert.Equal("""{"headers":{"Authorization":"***","Accept":"json"},"items":[{"password":"***","name":"n"}],"clientSecret":null}""", redacted);
    }

    private static WorkflowDefinition Read(string json)
    {
        var read = DefinitionReader.Read(json, "test.json");
        Assert.True(read.Definition is not null, string.Join("; ", read.Problems.Select(p => $"{p.JsonPath}: {p.Reason}")));
        return read.Definition;
    }

    private static Dictionary<string, (double X, double Y)> Boxes(XElement svg) =>
        svg.Descendants(Svg + "g").Where(g => g.Attribute("data-activity-id") is not null).ToDictionary(
            g => (string)g.Attribute("data-activity-id")!,
            g =>
            {
                var rect = g.Element(Svg + "rect")!;
                return ((double)rect.Attribute("x")!, (double)rect.Attribute("y")!);
            });

    private static IEnumerable<string> Overlapping(Dictionary<string, (double X, double Y)> boxes) =>
        boxes.SelectMany(a => boxes
            .Where(b => string.CompareOrdinal(a.Key, b.Key) < 0
                && Math.Abs(a.Value.X - b.Value.X) < FlowchartSvg.BoxWidth && Math.Abs(a.Value.Y - b.Value.Y) < FlowchartSvg.BoxHeight)
            .Select(b => $"{a.Key} overlaps {b.Key}"));

    private static string Link(XElement svg, string activityId) =>
        (string)svg.Descendants(Svg + "g").Single(g => (string?)g.Attribute("data-activity-id") == activityId).Parent!.Attribute("href")!;

    private static ActivityExecutionRecord Execution(long sequence, string activityId, ActivityRunStatus status, string? outputs) => new()
    {
        Id = $"e-{sequence}",
        InstanceId = "i-1",
        Sequence = sequence,
        ActivityId = activityId,
        ActivityType = "Elsa.WriteLine",
        Attempt = 1,
        Status = status,
        StartedAt = DateTimeOffset.UnixEpoch,
        OutputsJson = outputs,
    };
}
