using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ProfileEngine.Tests.Support;
using ProfileEngine.Users;

namespace ProfileEngine.Tests.Host;

/// <summary>
/// A decision the candidate no longer allows (someone decided first, or its state forbids the action) is refused
/// without a change: the reviewer's page shows the candidate again with the reason, the API answers 409 naming the field.
/// </summary>
public sealed class CandidateRefusalTests
{
    private const string Password = "a long enough password";

    [Fact]
    public async Task A_decision_on_a_stale_version_shows_the_candidate_again_with_the_conflict_and_changes_nothing()
    {
        await using var host = await StartAsync();
        var number = await ReclamationUiTests.SeedCandidateAsync(host);
        var before = await ReadAsync(host, number);
        var stale = before.Version + 1;
        using var ui = await SignInReviewerAsync(host);

        using var answer = await ui.PostFormAsync($"ui/candidates/{number}", $"ui/candidates/{number}?handler=Decide&action=CloseSkipped", new()
        {
            ["Version"] = $"{stale}", ["Note"] = "decided on an old copy",
        });
        var page = await answer.Content.ReadAsStringAsync();
        await host.WaitForBackgroundRunsAsync();
        var after = await ReadAsync(host, number);

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal("text/html", answer.Content.Headers.ContentType?.MediaType);
        Assert.Contains($"Removal candidate {number}: Ready", page, StringComparison.Ordinal);
        Assert.Contains($"Version: {number} changed since version {stale}", page, StringComparison.Ordinal);
        Assert.Contains("Reload the page and repeat the change.", page, StringComparison.Ordinal);
        Assert.Contains($"name=\"Version\" value=\"{before.Version}\"", page, StringComparison.Ordinal);
        Assert.Equal(before, after);
    }

    [Fact]
    public async Task An_action_the_state_does_not_allow_shows_the_candidate_again_and_changes_nothing()
    {
        await using var host = await StartAsync();
        var number = await ReclamationUiTests.SeedCandidateAsync(host);
        var before = await ReadAsync(host, number);
        using var ui = await SignInReviewerAsync(host);

        using var answer = await ui.PostFormAsync($"ui/candidates/{number}", $"ui/candidates/{number}?handler=Decide&action=ApproveKeep", new()
        {
            ["Version"] = $"{before.Version}", ["Note"] = "approving a keep nobody asked for",
        });
        var page = await answer.Content.ReadAsStringAsync();
        await host.WaitForBackgroundRunsAsync();
        var after = await ReadAsync(host, number);

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Contains($"Removal candidate {number}: Ready", page, StringComparison.Ordinal);
        Assert.Contains($"{number} is Ready; Approve Keep is not allowed in that state.", page, StringComparison.Ordinal);
        Assert.Equal(before, after);
    }

    [Fact]
    public async Task An_API_decision_on_a_stale_version_is_a_409_problem_naming_the_Version_field()
    {
        await using var host = await StartAsync();
        var number = await ReclamationUiTests.SeedCandidateAsync(host);
        var before = await ReadAsync(host, number);
        using var api = host.CreateClient(await host.TokenForAsync([EngineRoles.Reviewer]));

        using var answer = await api.PostAsync(
            new Uri($"candidates/{number}/decisions", UriKind.Relative),
            JsonContent.Create(new { action = "CloseSkipped", version = before.Version + 1 }));
        var problem = JsonNode.Parse(await answer.Content.ReadAsStringAsync())!;
        var after = await ReadAsync(host, number);

        Assert.Equal(HttpStatusCode.Conflict, answer.StatusCode);
        Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
        Assert.Equal(409, (int)problem["status"]!);
        Assert.Equal("DecideRemovalCandidate: the record changed meanwhile", (string?)problem["title"]);
        Assert.Equal("Version", (string?)problem["field"]);
        Assert.Contains($"changed since version {before.Version + 1}", (string?)problem["errors"]!["Version"]![0], StringComparison.Ordinal);
        Assert.Equal(before, after);
    }

    private static Task<TestHost> StartAsync() => TestHost.StartAsync(new Dictionary<string, string?> { ["ProfileEngine:WebexSimulator:Enabled"] = "false" });

    private static async Task<UiSession> SignInReviewerAsync(TestHost host)
    {
        await host.CreateUserAsync("rita", Password, [EngineRoles.Reviewer]);
        return await UiSession.SignInAsync(host.Address, "rita", Password);
    }

    /// <summary>What a decision would change: the state, the version and the work notes.</summary>
    private static async Task<(string State, int Version, int WorkNotes)> ReadAsync(TestHost host, string number)
    {
        using var api = host.CreateClient();
        var details = JsonNode.Parse(await api.GetStringAsync(new Uri($"candidates/{number}", UriKind.Relative)))!;
        return ((string)details["candidate"]!["state"]!, (int)details["candidate"]!["version"]!, details["workNotes"]!.AsArray().Count);
    }
}
