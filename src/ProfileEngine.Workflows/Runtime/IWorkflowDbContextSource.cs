using Microsoft.EntityFrameworkCore;

namespace ProfileEngine.Workflows.Runtime;

/// <summary>Creates the DbContext the runtime writes to: the engine's own context in production, so an activity's
/// data and its checkpoint can commit in one transaction.</summary>
public interface IWorkflowDbContextSource
{
    Task<DbContext> CreateAsync(CancellationToken cancellationToken);
}

internal sealed class WorkflowDbContextSource<TContext>(IDbContextFactory<TContext> factory) : IWorkflowDbContextSource
    where TContext : DbContext
{
    public async Task<DbContext> CreateAsync(CancellationToken cancellationToken) =>
        await factory.CreateDbContextAsync(cancellationToken);
}
