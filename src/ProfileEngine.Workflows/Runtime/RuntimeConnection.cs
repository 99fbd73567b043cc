using Microsoft.EntityFrameworkCore;

namespace ProfileEngine.Workflows.Runtime;

/// <summary>
/// One DbContext with its connection held open across the database steps of one start or resume: the read it starts
/// from and the commits that follow. Opening a pooled connection through EF costs about as much as a small commit on
/// SQLite, so a run opens it once instead of at every step. It is let go before an activity with side effects runs
/// (that may take long, and must not hold a connection of a bounded pool meanwhile), when the run is handed to the
/// dispatcher and when the run ends; the next step opens it again.
/// </summary>
internal sealed class RuntimeConnection(IWorkflowDbContextSource contexts) : IAsyncDisposable
{
    private DbContext? _db;

    /// <summary>The open context, opened on first use.</summary>
    public async ValueTask<DbContext> GetAsync(CancellationToken cancellationToken)
    {
        if (_db is not null)
        {
            return _db;
        }

        var db = await contexts.CreateAsync(cancellationToken);
        try
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
        }
        catch
        {
            await db.DisposeAsync();
            throw;
        }

        return _db = db;
    }

    /// <summary>Closes the connection and returns the context to its pool; the next <see cref="GetAsync"/> opens anew.</summary>
    public async ValueTask ReleaseAsync()
    {
        if (_db is { } db)
        {
            _db = null;
            try
            {
                await db.Database.CloseConnectionAsync();
            }
            finally
            {
                await db.DisposeAsync();
            }
        }
    }

    public ValueTask DisposeAsync() => ReleaseAsync();
}
