using ProfileEngine.Workflows.Loading;

namespace ProfileEngine.Tests.Workflows;

/// <summary>Scenario Invalid: one definition per validation rule; each is reported with file, JSON path and reason,
/// and none of them stops the valid file from loading.</summary>
public sealed class ValidationTests
{
    public static TheoryData<string, string, string> Rules => new()
    {
        { "malformed.json", "line 4, position", "malformed JSON" },
        { "unknown-type.json", "$.root.activities[1].type", "unknown activity type 'Acme.DoesNotExist'" },
        { "missing-input.json", "$.root.activities[1].timeSpan", "needs the input 'timeSpan'" },
        { "wrong-literal.json", "$.root.activities[4].timeSpan.expression.value", "the input 'timeSpan' of Elsa.Delay" },
        { "dangling-connection.json", "$.root.connections[3].target", "dangling connection: no activity 'Nowhere'" },
        { "unknown-port.json", "$.root.connections[2].source.port", "has no port 'Maybe'" },
        { "duplicate-connection.json", "$.root.connections[3]", "duplicate connection Decide:True" },
        { "duplicate-id.json", "$.root.activities[3].id", "duplicate activity id 'Say'" },
        { "cycle.json", "$.root.connections", "cycle" },
        { "bad-javascript.json", "$.root.activities[2].condition.expression.value", "JavaScript syntax error" },
        { "csharp-expression.json", "$.root.activities[2].condition.expression.type", "CSharp expressions are not run by this runtime" },
        { "undeclared-variable.json", "$.root.activities[1].text.expression.value", "'Nobody' is not a declared variable" },
        { "bad-retry-policy.json", "$.root.activities[1].customProperties.retryPolicy", "1-100 maxAttempts" },
        { "with-taken-definition-id.json", "$.definitionId", "already loaded from valid.json" },
    };

    [Theory]
    [MemberData(nameof(Rules))]
    public async Task Each_invalid_definition_is_reported_with_its_file_path_and_reason(string file, string jsonPath, string reason)
    {
        var report = await LoadInvalidFolderAsync();

        var problems = report.Problems.Where(p => p.Source == file).ToList();
        Assert.True(
            problems.Any(p => p.JsonPath.StartsWith(jsonPath, StringComparison.Ordinal) && p.Reason.Contains(reason, StringComparison.Ordinal)),
            $"Expected a problem at {jsonPath} containing \"{reason}\"; got:\n{string.Join("\n", problems)}");
    }

    [Fact]
    public async Task Bad_files_never_stop_the_good_one_and_nothing_of_them_is_stored()
    {
        await using var harness = await WorkflowHarness.StartAsync();
        var report = await harness.Loader.LoadFolderAsync(WorkflowHarness.ScenarioPath("Invalid"), CancellationToken.None);

        Assert.Equal(["valid-one"], report.Imported.Select(i => i.DefinitionId));
        Assert.Equal(Rules.Count, report.Problems.Select(p => p.Source).Distinct().Count());
        var live = await harness.Store.ListLiveAsync(CancellationToken.None);
        Assert.Equal(["valid-one"], live.Select(v => v.DefinitionId).Distinct());
        Assert.Same(report, harness.Get<DefinitionLoadReports>().Latest);
    }

    [Fact]
    public async Task A_missing_folder_is_a_problem_not_a_crash()
    {
        await using var harness = await WorkflowHarness.StartAsync();
        var report = await harness.Loader.LoadFolderAsync(Path.Combine(harness.Folder, "no-such-folder"), CancellationToken.None);

        Assert.Empty(report.Imported);
        Assert.Contains("does not exist", Assert.Single(report.Problems).Reason, StringComparison.Ordinal);
    }

    private static async Task<DefinitionLoadReport> LoadInvalidFolderAsync()
    {
        await using var harness = await WorkflowHarness.StartAsync();
        return await harness.Loader.LoadFolderAsync(WorkflowHarness.ScenarioPath("Invalid"), CancellationToken.None);
    }
}
