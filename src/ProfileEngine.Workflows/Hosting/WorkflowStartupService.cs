using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ProfileEngine.Workflows.Loading;
using ProfileEngine.Workflows.Runtime;

namespace ProfileEngine.Workflows.Hosting;

/// <summary>At startup: loads the definition folder (bad files are reported, never fatal), then continues the
/// instances a stopped process left Running.</summary>
internal sealed class WorkflowStartupService(
    IOptions<WorkflowRuntimeOptions> options,
    WorkflowDefinitionLoader loader,
    IWorkflowRuntime runtime,
    ILogger<WorkflowStartupService> logger,
    IHostEnvironment? environment = null) : IHostedService, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private Task _recovery = Task.CompletedTask;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (settings.LoadDefinitionsOnStartup)
        {
            var folder = settings.ResolveDefinitionsFolder(environment?.ContentRootPath ?? Directory.GetCurrentDirectory());
            var report = await loader.LoadFolderAsync(folder, cancellationToken);
            logger.LogInformation(
                "Workflow definitions from {Folder}: {Loaded} loaded, {Problems} problem(s)", folder, report.Imported.Count, report.Problems.Count);
        }

        if (settings.RecoverOnStartup)
        {
            // In the background: a long activity being continued must not hold up the host's start.
            _recovery = Task.Run(() => RecoverAsync(_stopping.Token), CancellationToken.None);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _recovery.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    public void Dispose() => _stopping.Dispose();

    private async Task RecoverAsync(CancellationToken cancellationToken)
    {
        try
        {
            var recovered = await runtime.RecoverAsync(cancellationToken);
            if (recovered > 0)
            {
                logger.LogWarning("Recovered {Count} workflow instance(s) left running by a stopped process", recovered);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping; the rest is recovered at the next start.
        }
        catch (Exception e)
        {
            logger.LogError(e, "Recovering workflow instances failed");
        }
    }
}
