using ProfileEngine.Host.CommandLine;
using ProfileEngine.Tests.Support;

namespace ProfileEngine.Tests.Host;

/// <summary>The host program's verbs, run in-process on a data folder of their own.</summary>
public sealed class CommandLineTests
{
    [Fact]
    public async Task Users_and_profiles_verbs_send_the_engines_requests_and_report_refusals_by_field()
    {
        using var data = new TempDataFolder();

        var created = await RunAsync(data, "users", "create", "bob", "--role", "sam_operator");
        var again = await RunAsync(data, "users", "create", "bob", "--role", "sam_boss");
        var profile = await RunAsync(data, "profiles", "create", "Acme", "--download-activity", "false");
        var listed = await RunAsync(data, "profiles", "list", "--status", "draft");
        var unconfirmed = await RunAsync(data, "profiles", "publish", "Acme");
        var unknown = await RunAsync(data, "jobs", "list", "Nope");

        Assert.Equal(0, created.Code);
        Assert.Matches(@"Created bob \(sam_operator\)\.\nPassword, shown only this once: \S{20,}", created.Output.ReplaceLineEndings("\n"));
        Assert.Equal(2, again.Code);
        Assert.Contains("UserName: There is already a user 'bob'.", again.Error, StringComparison.Ordinal);
        Assert.Contains("Roles: 'sam_boss' is not a role", again.Error, StringComparison.Ordinal);
        Assert.Equal(0, profile.Code);
        Assert.Contains("alias webex_subscription_reclaim", profile.Output, StringComparison.Ordinal);
        Assert.Contains("Draft      Acme  [webex_subscription_reclaim, not validated]", listed.Output, StringComparison.Ordinal);
        Assert.Equal(2, unconfirmed.Code);
        Assert.Contains("Confirm:", unconfirmed.Error, StringComparison.Ordinal);
        Assert.Equal(2, unknown.Code);
        Assert.Contains("no profile with the id or display name 'Nope'", unknown.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Workflows_validate_lists_each_problem_and_exits_non_zero_only_when_there_is_one()
    {
        using var data = new TempDataFolder();
        var invalid = Path.Combine(AppContext.BaseDirectory, "Workflows", "Scenarios", "Invalid");
        var versions = Path.Combine(AppContext.BaseDirectory, "Workflows", "Scenarios", "Versions");

        var bad = await RunAsync(data, "workflows", "validate", invalid);
        var good = await RunAsync(data, "workflows", "validate");
        var duplicated = await RunAsync(data, "workflows", "validate", versions);

        Assert.Equal(1, bad.Code);
        Assert.Contains("unknown-type.json at $.root.activities", bad.Output, StringComparison.Ordinal);
        Assert.Contains("csharp-expression.json at", bad.Output, StringComparison.Ordinal);
        Assert.Equal(0, good.Code);
        // Without a folder it validates the host's: the engine's and the connector's subflows beside the binaries.
        Assert.Contains($"{Directory.GetFiles(RepositoryPaths.WorkflowsFolder, "*.json").Length} files, 0 problems.", good.Output, StringComparison.Ordinal);
        Assert.Equal(1, duplicated.Code);
        Assert.Contains("is also in approval-v1.json", duplicated.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Demo_runs_the_whole_cycle_and_candidates_and_reconcile_work_on_what_it_left()
    {
        using var data = new TempDataFolder();

        var demo = await RunAsync(data, "demo", "--users", "300", "--reclaim", "3");
        var open = await RunAsync(data, "candidates", "list", "--state", "Ready", "--take", "1");
        var reclaimedList = await RunAsync(data, "candidates", "list", "--state", "ClosedComplete");
        var number = System.Text.RegularExpressions.Regex.Match(open.Output, "RC\\d{7}").Value;
        var skipped = await RunAsync(data, "candidates", "skip", number, "--note", "kept for the pilot");
        var twice = await RunAsync(data, "candidates", "skip", number);
        var reconcile = await RunAsync(data, "reconcile");

        Assert.True(demo.Code == 0, demo.Error);
        Assert.Contains("[#########] done", demo.Output, StringComparison.Ordinal);
        Assert.Contains("reclaimed at Webex        3 (skipped 0)", demo.Output, StringComparison.Ordinal);
        Assert.Matches(@"savings USD\s+potential [\d,]+\.00, actual 432\.00", demo.Output);
        Assert.Equal(0, open.Code);
        Assert.Contains("3 of 3 candidate(s).", reclaimedList.Output, StringComparison.Ordinal);
        Assert.Equal(0, skipped.Code);
        Assert.Contains($"{number}: Closed Skipped", skipped.Output, StringComparison.Ordinal);
        Assert.Equal(1, twice.Code);
        Assert.Contains("is Closed Skipped; Close Skipped is not allowed", twice.Error, StringComparison.Ordinal);
        Assert.Equal(0, reconcile.Code);
        Assert.Contains("USD: spend", reconcile.Output, StringComparison.Ordinal);
        Assert.Contains("actual savings YTD 432.00", reconcile.Output, StringComparison.Ordinal);
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(TempDataFolder data, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await EngineCommandLine.RunAsync([.. args, "--data-folder", data.Path], output, error);
        return (code, output.ToString(), error.ToString());
    }
}
