using Microsoft.EntityFrameworkCore;

namespace ProfileEngine.Workflows.Runtime;

/// <summary>
/// The open DbContext one start or resume uses for its database steps: the read it starts from and the commits that
/// follow, taken from <see cref="OpenContexts"/> on first use. It is handed back before an activity with side effects
/// runs (that may take long, and must not keep a connection of a bounded pool meanwhile), when the run is handed to
/// the dispatcher and when the run ends; the next step takes one again.
/// </summary>
internal sealed class RuntimeConnection(OpenContexts contexts) : IAsyncDisposable
{
    private DbContext? _db;

    /// <summary>The open context, taken on first use.</summary>
    public async ValueTask<DbContext> GetAsync(CancellationToken cancellationToken) =>
        _db ??= await contexts.RentAsync(cancellationToken);

    /// <summary>Hands the context back for the next run; the next <see cref="GetAsync"/> takes one again.</summary>
    public ValueTask ReleaseAsync() => HandBackAsync(reusable: true);

    /// <summary>After a failed commit: the context is closed rather than reused.</summary>
    public ValueTask DiscardAsync() => HandBackAsync(reusable: false);

    public ValueTask DisposeAsync() => ReleaseAsync();

    private ValueTask HandBackAsync(bool reusable)
    {
        if (_db is not { } db)
        {
            return ValueTask.CompletedTask;
        }

        _db = null;
        return contexts.ReturnAsync(db, reusable);
    }
}
