using System.Globalization;
using Microsoft.EntityFrameworkCore;
using ProfileEngine.Workflows.Persistence;

namespace ProfileEngine.Workflows.Runtime;

/// <summary>
/// The reads every start and resume makes, as plain SELECTs (see <see cref="RowReads"/>): a compiled EF query costs
/// several times the statement on SQLite, and these run once or twice per run.
/// </summary>
internal static class RuntimeQueries
{
    /// <summary>The published version of a definition: its id and number only, not its document.</summary>
    public static async Task<PublishedVersion?> PublishedAsync(DbContext db, string definitionId, CancellationToken cancellationToken) =>
        (await RowReads.ListAsync<WorkflowDefinitionRecord, PublishedVersion>(
            db,
            "SELECT [Id], [DefinitionId], [Version] FROM {table} WHERE [DefinitionId] = {0} AND [IsPublished] = {1} ORDER BY [Version] DESC LIMIT 1",
            r => new PublishedVersion(r.GetString(0), r.GetString(1), Convert.ToInt32(r.GetValue(2), CultureInfo.InvariantCulture)),
            cancellationToken,
            (nameof(WorkflowDefinitionRecord.DefinitionId), definitionId),
            (nameof(WorkflowDefinitionRecord.IsPublished), true))).FirstOrDefault();

    /// <summary>Whether a definition version is (still) the published one.</summary>
    public static async Task<bool> IsPublishedAsync(DbContext db, string versionId, CancellationToken cancellationToken) =>
        (await RowReads.ListAsync<WorkflowDefinitionRecord, bool>(
            db,
            "SELECT 1 FROM {table} WHERE [Id] = {0} AND [IsPublished] = {1}",
            _ => true,
            cancellationToken,
            (nameof(WorkflowDefinitionRecord.Id), versionId),
            (nameof(WorkflowDefinitionRecord.IsPublished), true))).Count > 0;

    public static async Task<WorkflowInstanceRecord?> InstanceAsync(DbContext db, string id, CancellationToken cancellationToken) =>
        (await RowReads.ListAsync<WorkflowInstanceRecord>(
            db, "SELECT {columns} FROM {table} WHERE [Id] = {0}", cancellationToken, (nameof(WorkflowInstanceRecord.Id), id))).FirstOrDefault();

    public static async Task<WorkflowBookmarkRecord?> BookmarkAsync(DbContext db, string id, CancellationToken cancellationToken) =>
        (await RowReads.ListAsync<WorkflowBookmarkRecord>(
            db, "SELECT {columns} FROM {table} WHERE [Id] = {0}", cancellationToken, (nameof(WorkflowBookmarkRecord.Id), id))).FirstOrDefault();

    /// <summary>The bookmarks still waiting for an event, with this correlation or (null) with none.</summary>
    public static Task<List<WorkflowBookmarkRecord>> WaitingForEventAsync(DbContext db, string eventName, string? correlationId, CancellationToken cancellationToken) =>
        correlationId is null
            ? RowReads.ListAsync<WorkflowBookmarkRecord>(
                db,
                "SELECT {columns} FROM {table} WHERE [EventName] = {0} AND [CorrelationId] IS NULL AND [ResumedAt] IS NULL",
                cancellationToken,
                (nameof(WorkflowBookmarkRecord.EventName), eventName))
            : RowReads.ListAsync<WorkflowBookmarkRecord>(
                db,
                "SELECT {columns} FROM {table} WHERE [EventName] = {0} AND [CorrelationId] = {1} AND [ResumedAt] IS NULL",
                cancellationToken,
                (nameof(WorkflowBookmarkRecord.EventName), eventName),
                (nameof(WorkflowBookmarkRecord.CorrelationId), correlationId));
}

/// <summary>A definition's published version as a start needs it.</summary>
internal sealed record PublishedVersion(string VersionId, string DefinitionId, int Version);
