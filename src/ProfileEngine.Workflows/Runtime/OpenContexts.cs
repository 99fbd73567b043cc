using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using ProfileEngine.Workflows.Persistence;

namespace ProfileEngine.Workflows.Runtime;

/// <summary>
/// A few DbContexts with their connections left open between runs. Creating a pooled context and opening its
/// connection through EF (its interceptors, SQLite's functions and pragmas) costs more than the statements a start or
/// resume sends, so runs take an open one from here and hand it back. At most <c>capacity</c> wait here; one idle for
/// longer than <c>idleLimit</c> is closed instead of reused, so a quiet node holds no connections for long.
/// </summary>
internal sealed class OpenContexts(IWorkflowDbContextSource contexts, TimeProvider clock, int capacity, TimeSpan idleLimit) : IAsyncDisposable
{
    private readonly ConcurrentStack<(DbContext Db, DateTimeOffset Since)> _idle = new();
    private volatile bool _disposed;

    /// <summary>An open context with nothing tracked.</summary>
    public async ValueTask<DbContext> RentAsync(CancellationToken cancellationToken)
    {
        while (_idle.TryPop(out var idle))
        {
            if (clock.GetUtcNow() - idle.Since <= idleLimit)
            {
                return idle.Db;
            }

            await CloseAsync(idle.Db);
        }

        var db = await contexts.CreateAsync(cancellationToken);
        try
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
            PreparedCommands.KeepFor(db);
        }
        catch
        {
            await db.DisposeAsync();
            throw;
        }

        return db;
    }

    /// <summary>
    /// Takes a context back: kept open for the next run when it is clean, else closed. A context whose last work
    /// failed is closed (<paramref name="reusable"/> false): it may track half-done changes or hold a broken connection.
    /// </summary>
    public async ValueTask ReturnAsync(DbContext db, bool reusable)
    {
        if (reusable && !_disposed && db.Database.CurrentTransaction is null && !db.ChangeTracker.HasChanges() && _idle.Count < capacity)
        {
            db.ChangeTracker.Clear();
            _idle.Push((db, clock.GetUtcNow()));
            if (!_disposed)
            {
                return;
            }

            // Disposed meanwhile: fall through to empty the stack below.
            await DisposeAsync();
            return;
        }

        await CloseAsync(db);
    }

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        while (_idle.TryPop(out var idle))
        {
            await CloseAsync(idle.Db);
        }
    }

    private static async ValueTask CloseAsync(DbContext db)
    {
        try
        {
            await PreparedCommands.ForgetAsync(db);
            await db.Database.CloseConnectionAsync();
        }
        finally
        {
            await db.DisposeAsync();
        }
    }
}
