using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using ProfileEngine.Connections;
using ProfileEngine.Connectors.Webex.Models;
using ProfileEngine.Connectors.Webex.UserActivity;
using ProfileEngine.Connectors.Webex;
using ProfileEngine.Persistence;
using ProfileEngine.Profiles;
using ProfileEngine.Subscriptions;
using ProfileEngine.Tests.Connections;
using ProfileEngine.Tests.Profiles;
using ProfileEngine.Tests.Support;
using ProfileEngine.UserActivity;
using ProfileEngine.WebexSimulator.Faults;
using ProfileEngine.WebexSimulator.Org;
using ProfileEngine.Workflows.Loading;
using ProfileEngine.Workflows.Persistence;
using ProfileEngine.Workflows.Runtime;

namespace ProfileEngine.Tests.UserActivity;

/// <summary>The real Update User Activity definition against the simulator: last activity per person and product.</summary>
public sealed class UpdateUserActivityTests
{
    [Fact]
    public async Task Last_activity_is_the_latest_qualifying_event_or_hosted_meeting_per_person_and_product()
    {
        await using var org = await ConnectedOrg.StartAsync();
        var (runtime, profileId) = await PrepareAsync(org);

        var run = await runtime.StartAsync(WebexSubflows.Activity, new JsonObject { ["profileId"] = profileId.ToString() }, profileId.ToString());

        Assert.True(run.Status == WorkflowStatus.Finished, run.FaultMessage);
        var expected = Expected(org, org.Engine.Clock.GetUtcNow().AddDays(-60));
        var stored = await StoredAsync(org.Engine, profileId);
        Assert.NotEmpty(expected);
        Assert.Equal(expected.OrderBy(e => e.Key).ToList(), stored.OrderBy(e => e.Key).ToList());
        var counts = (await runtime.GetAsync(run.InstanceId))!.Variables["counts"]!;
        Assert.Equal(EventsSince(org, org.Engine.Clock.GetUtcNow().AddDays(-60)), counts["eventsRead"]!.GetValue<long>());
    }

    [Fact]
    public async Task A_second_run_changes_nothing_and_moves_the_watermarks_to_now()
    {
        await using var org = await ConnectedOrg.StartAsync();
        var (runtime, profileId) = await PrepareAsync(org);
        var input = new JsonObject { ["profileId"] = profileId.ToString() };
        await runtime.StartAsync(WebexSubflows.Activity, input, profileId.ToString());
        var first = await StoredAsync(org.Engine, profileId);

        org.Engine.Clock.Advance(TimeSpan.FromHours(2));
        var again = await runtime.StartAsync(WebexSubflows.Activity, (JsonObject)input.DeepClone(), profileId.ToString());

        Assert.Equal(WorkflowStatus.Finished, again.Status);
        Assert.Equal(first.OrderBy(e => e.Key).ToList(), (await StoredAsync(org.Engine, profileId)).OrderBy(e => e.Key).ToList());
        var watermark = await QueryAsync(org.Engine, db => db.Set<SyncWatermark>().SingleAsync(w => w.ProfileId == profileId && w.Stream == "activity-events"));
        Assert.Equal(org.Engine.Clock.GetUtcNow(), watermark.Value);
    }

    [Fact]
    public async Task A_run_that_fails_half_way_resumes_from_its_checkpoint_and_ends_as_an_uninterrupted_run_would()
    {
        await using var org = await ConnectedOrg.StartAsync();
        // Small batches, so part of the run is written before the failure.
        var (runtime, profileId) = await PrepareAsync(org, json => json.Replace(
            "\"windowDays\":", "\"flushEvery\": { \"typeName\": \"Int32\", \"expression\": { \"type\": \"Literal\", \"value\": \"10\" } },\n        \"windowDays\":", StringComparison.Ordinal));
        var started = org.Engine.Clock.GetUtcNow();
        org.Sim.State.Faults.AddScript([new ScriptedFault { PathPrefix = "/v1/events", Kind = "status", Status = 400, After = 30 }]);

        var failed = await runtime.StartAsync(WebexSubflows.Activity, new JsonObject { ["profileId"] = profileId.ToString() }, profileId.ToString());
        var halfway = await StoredAsync(org.Engine, profileId);
        org.Engine.Clock.Advance(TimeSpan.FromMinutes(5));
        var resumed = await runtime.ResumeDueAsync(org.Engine.Clock.GetUtcNow());

        Assert.Equal(WorkflowStatus.Suspended, failed.Status);
        Assert.NotEmpty(halfway);
        Assert.Equal(1, resumed);
        var details = (await runtime.GetAsync(failed.InstanceId))!;
        Assert.Equal(WorkflowStatus.Finished, details.Summary.Status);
        Assert.Single(details.Incidents);
        var expected = Expected(org, started.AddDays(-60));
        Assert.Equal(expected.OrderBy(e => e.Key).ToList(), (await StoredAsync(org.Engine, profileId)).OrderBy(e => e.Key).ToList());
        Assert.Equal(EventsSince(org, started.AddDays(-60)), details.Variables["counts"]!["eventsRead"]!.GetValue<long>());
    }

    [Fact]
    public async Task Rules_in_the_definition_decide_what_counts()
    {
        await using var org = await ConnectedOrg.StartAsync();
        var (runtime, profileId) = await PrepareAsync(org, definitionJson => WithRules(definitionJson, rules =>
            rules["Webex Messaging"] = JsonNode.Parse("""[ { "stream": "events", "resource": "messages", "types": [ "updated" ] } ]""")));

        var run = await runtime.StartAsync(WebexSubflows.Activity, new JsonObject { ["profileId"] = profileId.ToString() }, profileId.ToString());

        Assert.Equal(WorkflowStatus.Finished, run.Status);
        var stored = await StoredAsync(org.Engine, profileId);
        Assert.DoesNotContain(stored.Keys, k => k.Product == "Webex Messaging");
        Assert.Contains(stored.Keys, k => k.Product == "Webex Calling");
    }

    [Fact]
    public async Task The_People_APIs_lastActivity_counts_only_when_a_rule_names_the_presence_stream()
    {
        await using var org = await ConnectedOrg.StartAsync();
        var (runtime, profileId) = await PrepareAsync(org, json => WithRules(json, rules =>
            rules["Webex Presence Test"] = JsonNode.Parse("""[ { "stream": "presence" } ]""")));

        var run = await runtime.StartAsync(WebexSubflows.Activity, new JsonObject { ["profileId"] = profileId.ToString() }, profileId.ToString());

        Assert.True(run.Status == WorkflowStatus.Finished, run.FaultMessage);
        var from = org.Engine.Clock.GetUtcNow().AddDays(-60);
        var people = org.Sim.State.Data.People.Where(p => p.LastActivity is { } at && at >= from).ToDictionary(p => p.Id, p => p.LastActivity!.Value);
        var stored = (await StoredAsync(org.Engine, profileId)).Where(e => e.Key.Product == "Webex Presence Test").ToDictionary(e => e.Key.User, e => e.Value);
        Assert.NotEmpty(people);
        Assert.Equal(people.OrderBy(p => p.Key).ToList(), stored.OrderBy(p => p.Key).ToList());
    }

    [Fact]
    public void An_older_meetings_rule_reads_the_MeetingCenter_usage_report_and_each_product_names_the_streams_it_needs()
    {
        var rules = MeaningfulActivityRules.Parse(JsonNode.Parse(
            "{\"Meetings\": [{\"stream\": \"meetings\", \"role\": \"host\"}], \"Messaging\": [{\"stream\": \"events\", \"resource\": \"messages\", \"types\": [\"created\"]}, {\"stream\": \"presence\"}]}"));

        Assert.Equal(["Meetings"], rules.ReportHostingProducts[MeetingUsageQuery.MeetingCenter]);
        Assert.Equal(["meetingReports-MeetingCenter"], rules.StreamsOf("Meetings"));
        Assert.Equal(["events", "presence"], rules.StreamsOf("Messaging").Order(StringComparer.Ordinal));
        Assert.Empty(rules.StreamsOf("Calling"));
    }

    [Theory]
    [InlineData("{\"Messaging\": [{\"stream\": \"chat\"}]}", "rules.Messaging[0].stream 'chat' is not known")]
    [InlineData("{\"Messaging\": [{\"stream\": \"events\", \"resource\": \"messages\"}]}", "rules.Messaging[0].types must list")]
    [InlineData("{\"Meetings\": [{\"stream\": \"meetings\", \"role\": \"attendee\"}]}", "rules.Meetings[0].role 'attendee' is not supported")]
    [InlineData("{\"Training\": [{\"stream\": \"meetingReports\", \"serviceType\": \"Training\"}]}", "rules.Training[0].serviceType 'Training' is not known")]
    [InlineData("{\"Training\": [{\"stream\": \"meetingReports\"}]}", "rules.Training[0].serviceType is required")]
    [InlineData("{\"Training\": [{\"stream\": \"meetingReports\", \"serviceType\": \"TrainingCenter\", \"role\": \"attendee\"}]}", "rules.Training[0].role 'attendee' is not supported")]
    [InlineData("[]", "rules must be an object")]
    public void Bad_rules_are_refused_with_their_place(string json, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => MeaningfulActivityRules.Parse(JsonNode.Parse(json)));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    /// <summary>The activity definition with a <c>rules</c> input: the shipped rules as <paramref name="edit"/> changes them.</summary>
    private static string WithRules(string definitionJson, Action<JsonObject> edit)
    {
        var definition = JsonNode.Parse(definitionJson)!;
        var read = definition["root"]!["activities"]!.AsArray().Single(a => a!["id"]!.GetValue<string>() == "ReadActivityStreams")!;
        var rules = MeaningfulActivityRules.DefaultJson;
        edit(rules);
        read["rules"] = new JsonObject { ["typeName"] = "Object", ["expression"] = new JsonObject { ["type"] = "Literal", ["value"] = rules } };
        return definition.ToJsonString();
    }

    private static async Task<(IWorkflowRuntime Runtime, Guid ProfileId)> PrepareAsync(ConnectedOrg org, Func<string, string>? editDefinition = null)
    {
        await org.ConnectAsync();
        var json = await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.WorkflowsFolder, "cisco-webex-update-user-activity.json"));
        var import = await org.Engine.ImportDefinitionAsync(editDefinition?.Invoke(json) ?? json, "cisco-webex-update-user-activity.json");
        Assert.NotEqual(ImportOutcome.Unchanged, import.Outcome);
        await org.Engine.ImportDefinitionAsync(TestSubflows.Counting(WebexSubflows.Download, "downloaded"));
        await org.Engine.ImportDefinitionAsync(TestSubflows.Counting(WebexSubflows.Reclaim, "reclaimed"));
        var profile = await org.Engine.SendAsync(s => s.Send(new CreateProfile("Acme Webex", AnalyzeUserActivityFrom: org.Engine.Clock.GetUtcNow().AddDays(-60))));
        return (org.Engine.Get<IWorkflowRuntime>(), profile.Id);
    }

    // These profiles download no subscriptions, so no host of a Meetings/Training/Events/Support session resolves: the
    // usage report is tested with downloaded subscriptions in SubscriptionLastActivityTests.
    private static readonly string[] ProductsOfHostsByEmail = ["Webex Meetings", "Webex Training", "Webex Events", "Webex Support"];

    private static Dictionary<(string User, string Product), DateTimeOffset> Expected(ConnectedOrg org, DateTimeOffset from) =>
        SimulatedActivity.Latest(org.Sim.State.Data, from).Where(e => !ProductsOfHostsByEmail.Contains(e.Key.Product)).ToDictionary();

    private static async Task<T> QueryAsync<T>(EngineHarness engine, Func<ProfileEngineDbContext, Task<T>> query)
    {
        await using var db = await engine.Get<IDbContextFactory<ProfileEngineDbContext>>().CreateDbContextAsync();
        return await query(db);
    }

    private static long EventsSince(ConnectedOrg org, DateTimeOffset from) =>
        org.Sim.State.Data.Events.LongCount(e => e.Ticks >= from.UtcTicks);

    private static async Task<Dictionary<(string User, string Product), DateTimeOffset>> StoredAsync(EngineHarness engine, Guid profileId)
    {
        var rows = await QueryAsync(engine, db => db.Set<LastActivity>().AsNoTracking().Where(a => a.ProfileId == profileId).ToListAsync());
        return rows.ToDictionary(r => (r.ExternalUserId, r.Product), r => r.LastActivityAt);
    }
}
