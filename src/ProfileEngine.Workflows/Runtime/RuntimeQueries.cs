using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using ProfileEngine.Workflows.Persistence;

namespace ProfileEngine.Workflows.Runtime;

/// <summary>
/// The reads every start and resume makes, compiled once per model (EF refuses a compiled query on a second model, and
/// a process may hold several: the engine's context, a test's own): EF then skips translating the LINQ tree on each call.
/// </summary>
internal sealed class RuntimeQueries
{
    private static readonly ConditionalWeakTable<IModel, RuntimeQueries> PerModel = [];

    public static RuntimeQueries For(DbContext db) => PerModel.GetValue(db.Model, _ => new RuntimeQueries());

    /// <summary>The published version of a definition: its id and number only, not its document.</summary>
    public readonly Func<DbContext, string, CancellationToken, Task<PublishedVersion?>> Published =
        EF.CompileAsyncQuery((DbContext db, string definitionId, CancellationToken ct) => db.Set<WorkflowDefinitionRecord>().AsNoTracking()
            .Where(r => r.DefinitionId == definitionId && r.IsPublished)
            .Select(r => new PublishedVersion(r.Id, r.DefinitionId, r.Version))
            .FirstOrDefault());

    public readonly Func<DbContext, string, CancellationToken, Task<WorkflowInstanceRecord?>> Instance =
        EF.CompileAsyncQuery((DbContext db, string id, CancellationToken ct) => db.Set<WorkflowInstanceRecord>().AsNoTracking().FirstOrDefault(i => i.Id == id));

    public readonly Func<DbContext, string, IAsyncEnumerable<WorkflowVariableRecord>> Variables =
        EF.CompileAsyncQuery((DbContext db, string instanceId) => db.Set<WorkflowVariableRecord>().AsNoTracking().Where(v => v.InstanceId == instanceId));

    public readonly Func<DbContext, string, CancellationToken, Task<WorkflowBookmarkRecord?>> Bookmark =
        EF.CompileAsyncQuery((DbContext db, string id, CancellationToken ct) => db.Set<WorkflowBookmarkRecord>().AsNoTracking().FirstOrDefault(b => b.Id == id));

    public readonly Func<DbContext, string, string, IAsyncEnumerable<WorkflowBookmarkRecord>> WaitingForEvent =
        EF.CompileAsyncQuery((DbContext db, string eventName, string correlationId) => db.Set<WorkflowBookmarkRecord>().AsNoTracking()
            .Where(b => b.EventName == eventName && b.CorrelationId == correlationId && b.ResumedAt == null));

    public readonly Func<DbContext, string, IAsyncEnumerable<WorkflowBookmarkRecord>> WaitingForUncorrelatedEvent =
        EF.CompileAsyncQuery((DbContext db, string eventName) => db.Set<WorkflowBookmarkRecord>().AsNoTracking()
            .Where(b => b.EventName == eventName && b.CorrelationId == null && b.ResumedAt == null));

    public static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> rows, CancellationToken cancellationToken)
    {
        var list = new List<T>();
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            list.Add(row);
        }

        return list;
    }
}

/// <summary>A definition's published version as a start needs it.</summary>
internal sealed record PublishedVersion(string VersionId, string DefinitionId, int Version);
