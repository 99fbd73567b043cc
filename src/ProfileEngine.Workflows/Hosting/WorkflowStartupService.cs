using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ProfileEngine.Workflows.Loading;
using ProfileEngine.Workflows.Runtime;

namespace ProfileEngine.Workflows.Hosting;

/// <summary>At startup: loads the definition folder (bad files are reported, never fatal), then continues the
/// instances a stopped process left Running, and keeps doing so every <see cref="WorkflowRuntimeOptions.RecoveryInterval"/>
/// so a dead node's instances are continued once their lease runs out, without waiting for a restart. At stop, lets
/// this node's background runs finish while the host waits, then stops the dispatcher.</summary>
internal sealed class WorkflowStartupService(
    IOptions<WorkflowRuntimeOptions> options,
    WorkflowDefinitionLoader loader,
    IWorkflowRuntime runtime,
    TimeProvider clock,
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
            _recovery = Task.Run(() => RecoverPeriodicallyAsync(settings.RecoveryInterval, _stopping.Token), CancellationToken.None);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _recovery.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);

        // Runs handed over by requests may finish while the host allows; what is left when it stops waiting stays
        // Running with its lease released, for recovery here or on another node.
        await runtime.WaitForBackgroundRunsAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await runtime.StopBackgroundRunsAsync();
    }

    public void Dispose() => _stopping.Dispose();

    private async Task RecoverPeriodicallyAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                await RecoverOnceAsync(cancellationToken);
                await Task.Delay(interval, clock, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping; what is left is recovered by another node or at the next start.
        }
    }

    private async Task RecoverOnceAsync(CancellationToken cancellationToken)
    {
        try
        {
            var recovered = await runtime.RecoverAsync(cancellationToken);
            if (recovered > 0)
            {
                logger.LogWarning("Recovered {Count} workflow instance(s) no live node was running", recovered);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Recovering workflow instances failed");
        }
    }
}
