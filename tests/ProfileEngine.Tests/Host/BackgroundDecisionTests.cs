using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ProfileEngine.Persistence;
using ProfileEngine.Reclamation;
using ProfileEngine.Tests.Support;
using ProfileEngine.Tests.Workflows;
using ProfileEngine.Users;
using ProfileEngine.Workflows.Definitions;
using ProfileEngine.Workflows.Loading;
using ProfileEngine.Workflows.Persistence;
using ProfileEngine.Workflows.Runtime;

namespace ProfileEngine.Tests.Host;

/// <summary>Decisions made on the web are committed by the request and run by the node's dispatcher, never on the request.</summary>
public sealed class BackgroundDecisionTests
{
    private const string Password = "a long enough password";

    [Fact]
    public async Task A_decision_returns_at_once_the_candidate_shows_it_in_progress_and_refreshes_and_the_dispatcher_applies_it_when_a_slot_frees()
    {
        await using var host = await StartWithOneSlotAsync();
        var number = await ReclamationUiTests.SeedCandidateAsync(host);
        await host.CreateUserAsync("rita", Password, [EngineRoles.Reviewer]);
        var (busy, script) = await TakeTheOnlySlotAsync(host);

        using var ui = await UiSession.SignInAsync(host.Address, "rita", Password);
        using var decided = await ui.PostFormAsync("ui/candidates", "ui/candidates?handler=Decide&action=CloseSkipped", new() { ["Selected"] = number });
        var during = await ui.GetPageAsync($"ui/candidates/{number}");
        var queueDuring = await ui.GetPageAsync("ui/candidates");
        var stateDuring = await StateAsync(host, number);
        var health = JsonNode.Parse(await host.CreateAnonymousClient().GetStringAsync(new Uri("health", UriKind.Relative)))!["dispatcher"]!;

        script.Continue.TrySetResult();
        await host.WaitForBackgroundRunsAsync();
        var after = await ui.GetPageAsync($"ui/candidates/{number}");
        var queueAfter = await ui.GetPageAsync("ui/candidates");

        Assert.Equal(WorkflowStatus.Running, busy.Status);
        Assert.Equal(HttpStatusCode.Redirect, decided.StatusCode);
        Assert.Equal(CandidateState.Ready, stateDuring);
        Assert.Contains("Applying the decision", during, StringComparison.Ordinal);
        Assert.Contains("http-equiv=\"refresh\"", during, StringComparison.Ordinal);
        Assert.DoesNotContain("handler=Decide", during, StringComparison.Ordinal);
        Assert.Contains("applying the decision", queueDuring, StringComparison.Ordinal);
        Assert.DoesNotContain("applying the decision", queueAfter, StringComparison.Ordinal);
        Assert.Equal((1, 1, 1), ((int)health["queued"]!, (int)health["running"]!, (int)health["capacity"]!));
        Assert.Equal(CandidateState.ClosedSkipped, await StateAsync(host, number));
        Assert.Contains("Closed Skipped", after, StringComparison.Ordinal);
        Assert.DoesNotContain("http-equiv=\"refresh\"", after, StringComparison.Ordinal);
        Assert.Equal(WorkflowStatus.Finished, (await host.App.Services.GetRequiredService<IWorkflowRuntime>().GetAsync(busy.InstanceId))!.Summary.Status);
    }

    [Fact]
    public async Task The_API_answers_a_decision_with_the_candidate_still_Ready_and_Deciding_and_a_later_read_shows_it_applied()
    {
        await using var host = await StartWithOneSlotAsync();
        var number = await ReclamationUiTests.SeedCandidateAsync(host);
        using var api = host.CreateClient(await host.TokenForAsync([EngineRoles.Reviewer]));
        var (_, script) = await TakeTheOnlySlotAsync(host);

        using var answer = await api.PostAsync(
            new Uri($"candidates/{number}/decisions", UriKind.Relative),
            JsonContent.Create(new { action = "CloseSkipped", note = "kept for the audit" }));
        var accepted = JsonNode.Parse(await answer.Content.ReadAsStringAsync())!;
        script.Continue.TrySetResult();
        await host.WaitForBackgroundRunsAsync();
        var read = JsonNode.Parse(await api.GetStringAsync(new Uri($"candidates/{number}", UriKind.Relative)))!;

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal("Ready", (string?)accepted["candidate"]!["state"]);
        Assert.Equal(RemovalCandidateDetails.Deciding, (string?)accepted["inProgress"]);
        Assert.Equal("ClosedSkipped", (string?)read["candidate"]!["state"]);
        Assert.Null(read["inProgress"]);
    }

    private static Task<TestHost> StartWithOneSlotAsync() => TestHost.StartAsync(
        new Dictionary<string, string?> { ["ProfileEngine:WebexSimulator:Enabled"] = "false", ["ProfileEngine:Workflows:MaxBackgroundRuns"] = "1" },
        TestActivities.Register);

    /// <summary>Hands the dispatcher a long run that waits after its first page (until the script's Continue), so the node's only slot is taken.</summary>
    private static async Task<(WorkflowRunResult Busy, TestActivities.Script Script)> TakeTheOnlySlotAsync(TestHost host)
    {
        var runtime = host.App.Services.GetRequiredService<IWorkflowRuntime>();
        var script = host.App.Services.GetRequiredService<TestActivities.Script>();
        var pager = DefinitionReader.Read(await File.ReadAllTextAsync(WorkflowHarness.ScenarioPath("FaultsAndRecovery", "pager.json")), "pager.json");
        await host.App.Services.GetRequiredService<WorkflowDefinitionStore>().ImportAsync(pager.Definition!, "pager.json", CancellationToken.None);
        script.PauseAfterPage = 1;
        WorkflowRunResult busy;
        using (WorkflowDispatch.InBackground())
        {
            busy = await runtime.StartAsync("pager");
        }

        await script.Paused.Task.WaitAsync(TimeSpan.FromSeconds(30));
        return (busy, script);
    }

    private static async Task<CandidateState> StateAsync(TestHost host, string number)
    {
        Assert.True(RemovalCandidate.TryParseNumber(number, out var id));
        await using var db = await host.App.Services.GetRequiredService<IDbContextFactory<ProfileEngineDbContext>>().CreateDbContextAsync();
        return await db.RemovalCandidates.Where(c => c.Id == id).Select(c => c.State).SingleAsync();
    }
}
