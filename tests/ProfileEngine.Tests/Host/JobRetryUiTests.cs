using System.Net;
using Microsoft.Extensions.DependencyInjection;
using ProfileEngine.Tests.Support;
using ProfileEngine.Users;
using ProfileEngine.Workflows.Runtime;

namespace ProfileEngine.Tests.Host;

/// <summary>A faulted run's page shows the activity log and the error; an operator's Retry runs it again, a reader has no Retry.</summary>
public sealed class JobRetryUiTests
{
    private const string Password = "a long enough password";

    private const string Faulting = """
        { "definitionId": "ui-faults", "isPublished": true,
          "variables": [ { "id": "x", "name": "X", "typeName": "String" } ],
          "root": { "type": "Elsa.Sequence", "id": "Seq", "activities": [
            { "id": "Hello", "type": "Elsa.WriteLine", "text": { "typeName": "String", "expression": { "type": "Literal", "value": "about to fail" } } },
            { "id": "Boom", "type": "Elsa.SetVariable", "variable": { "id": "x", "name": "X" },
              "value": { "typeName": "Object", "expression": { "type": "JavaScript", "value": "throw new Error('the vendor said no')" } } } ] } }
        """;

    [Fact]
    public async Task An_operator_retries_a_faulted_instance_from_its_page_and_a_reader_cannot()
    {
        using var data = new TempDataFolder();
        var folder = Directory.CreateDirectory(data.File("workflows")).FullName;
        await File.WriteAllTextAsync(Path.Combine(folder, "ui-faults.json"), Faulting);
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?>
        {
            ["ProfileEngine:WebexSimulator:Enabled"] = "false",
            ["ProfileEngine:DataFolder"] = data.Path,
            ["ProfileEngine:Workflows:DefinitionsFolder"] = folder,
        });
        await host.CreateUserAsync("otto", Password, [EngineRoles.Operator]);
        await host.CreateUserAsync("rita", Password, [EngineRoles.ReadOnly]);
        var runtime = host.App.Services.GetRequiredService<IWorkflowRuntime>();
        var run = await runtime.StartAsync("ui-faults");
        Assert.Equal(ProfileEngine.Workflows.Persistence.WorkflowStatus.Faulted, run.Status);
        var instancePage = $"ui/workflows/instances/{run.InstanceId}";
        using var reader = await UiSession.SignInAsync(host.Address, "rita", Password);
        using var operatorUi = await UiSession.SignInAsync(host.Address, "otto", Password);

        var asReader = await reader.GetPageAsync(instancePage);
        using var readerRetry = await reader.PostFormAsync(instancePage, $"{instancePage}?handler=Retry", []);
        var before = (await runtime.GetAsync(run.InstanceId))!.Executions.Count;
        using var retried = await operatorUi.PostFormAsync(instancePage, $"{instancePage}?handler=Retry", []);
        await host.WaitForBackgroundRunsAsync();
        var after = await operatorUi.GetPageAsync(instancePage);

        Assert.Contains("the vendor said no", asReader, StringComparison.Ordinal);
        Assert.Contains("Elsa.WriteLine", asReader, StringComparison.Ordinal);
        Assert.DoesNotContain("Retry from the failed activity", asReader, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, readerRetry.StatusCode);
        Assert.StartsWith("/ui/denied", readerRetry.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, retried.StatusCode);
        Assert.Contains("Retried: the instance runs again from the failed activity, in the background", after, StringComparison.Ordinal);
        Assert.Contains("Retry from the failed activity", after, StringComparison.Ordinal);
        Assert.True((await runtime.GetAsync(run.InstanceId))!.Executions.Count > before, "the retry ran the failed activity again");
    }
}
