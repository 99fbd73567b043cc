using Microsoft.EntityFrameworkCore;
using ProfileEngine.Workflows.Runtime;

namespace ProfileEngine.Persistence;

/// <summary>
/// Lets the workflow runtime's stores write to the engine's own database (whose model includes the workflow tables,
/// see <see cref="ProfileEngineDbContext"/>). <c>AddWorkflowRuntime&lt;ProfileEngineDbContext&gt;()</c> registers an
/// equivalent source; this one exists so the engine can read definitions before the runtime is wired in.
/// </summary>
public sealed class EngineWorkflowDbContextSource(IDbContextFactory<ProfileEngineDbContext> factory) : IWorkflowDbContextSource
{
    public async Task<DbContext> CreateAsync(CancellationToken cancellationToken) =>
        await factory.CreateDbContextAsync(cancellationToken);
}
