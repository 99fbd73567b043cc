using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using ProfileEngine.Workflows.Definitions;
using ProfileEngine.Workflows.Persistence;
using ProfileEngine.Workflows.Runtime;

namespace ProfileEngine.Workflows.Loading;

/// <summary>
/// Definition versions with Elsa's draft/publish rules: one row per version, never edited in place; at most one
/// published and one latest per definition; publishing retracts the previous published version.
/// </summary>
public sealed class WorkflowDefinitionStore(IWorkflowDbContextSource contexts, TimeProvider clock)
{
    /// <summary>
    /// Stores a definition read from a file. Unchanged content is left alone; changed content becomes a new version,
    /// published when the document says <c>isPublished: true</c>, otherwise a draft beside the published one.
    /// </summary>
    public async Task<ImportResult> ImportAsync(WorkflowDefinition definition, string? sourcePath, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var hash = ContentHash(definition);
        var wantsPublished = definition.IsPublished ?? false;
        await using var db = await contexts.CreateAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var rows = db.Set<WorkflowDefinitionRecord>();
        var versions = await rows.Where(r => r.DefinitionId == definition.DefinitionId).ToListAsync(cancellationToken);
        var latest = versions.FirstOrDefault(v => v.IsLatest);
        var now = clock.GetUtcNow();

        if (latest is not null && latest.ContentHash == hash)
        {
            if (wantsPublished && !latest.IsPublished)
            {
                Publish(versions, latest, now);
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return new ImportResult(definition.DefinitionId, latest.Version, latest.Id, ImportOutcome.Published);
            }

            return new ImportResult(definition.DefinitionId, latest.Version, latest.Id, ImportOutcome.Unchanged);
        }

        var version = versions.Count == 0 ? Math.Max(1, definition.Version ?? 1) : versions.Max(v => v.Version) + 1;
        var id = definition.Id is { Length: > 0 } fileId && !await rows.AnyAsync(r => r.Id == fileId, cancellationToken)
            ? fileId
            : Guid.NewGuid().ToString("N")[..16];
        definition.Id = id;
        definition.Version = version;
        definition.IsLatest = true;
        definition.IsPublished = wantsPublished;
        definition.CreatedAt ??= now;
        var record = new WorkflowDefinitionRecord
        {
            Id = id,
            DefinitionId = definition.DefinitionId,
            Version = version,
            Name = definition.Name,
            Json = DefinitionWriter.Write(definition),
            ContentHash = hash,
            SourcePath = sourcePath,
            CreatedAt = now,
        };
        foreach (var previous in versions.Where(v => v.IsLatest))
        {
            previous.IsLatest = false;
        }

        record.IsLatest = true;
        rows.Add(record);
        if (wantsPublished)
        {
            Publish(versions, record, now);
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new ImportResult(definition.DefinitionId, version, id, wantsPublished ? ImportOutcome.NewPublishedVersion : ImportOutcome.NewDraftVersion);
    }

    /// <summary>Publishes the latest version of a definition (a draft until now).</summary>
    public async Task<DefinitionVersion> PublishAsync(string definitionId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateAsync(cancellationToken);
        var versions = await db.Set<WorkflowDefinitionRecord>().Where(r => r.DefinitionId == definitionId).ToListAsync(cancellationToken);
        var latest = versions.FirstOrDefault(v => v.IsLatest)
            ?? throw new WorkflowNotFoundException($"There is no workflow definition '{definitionId}'.");
        if (!latest.IsPublished)
        {
            Publish(versions, latest, clock.GetUtcNow());
            await db.SaveChangesAsync(cancellationToken);
        }

        return DefinitionVersion.From(latest);
    }

    public async Task<DefinitionVersion?> FindPublishedAsync(string definitionId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateAsync(cancellationToken);
        var record = await db.Set<WorkflowDefinitionRecord>().AsNoTracking()
            .FirstOrDefaultAsync(r => r.DefinitionId == definitionId && r.IsPublished, cancellationToken);
        return record is null ? null : DefinitionVersion.From(record);
    }

    public async Task<IReadOnlyList<DefinitionVersion>> ListVersionsAsync(string definitionId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateAsync(cancellationToken);
        var records = await db.Set<WorkflowDefinitionRecord>().AsNoTracking()
            .Where(r => r.DefinitionId == definitionId).OrderBy(r => r.Version).ToListAsync(cancellationToken);
        return [.. records.Select(DefinitionVersion.From)];
    }

    /// <summary>Every definition's live versions: the latest and the published one (often the same row).</summary>
    public async Task<IReadOnlyList<DefinitionVersion>> ListLiveAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateAsync(cancellationToken);
        var records = await db.Set<WorkflowDefinitionRecord>().AsNoTracking()
            .Where(r => r.IsLatest || r.IsPublished).OrderBy(r => r.DefinitionId).ThenBy(r => r.Version).ToListAsync(cancellationToken);
        return [.. records.Select(DefinitionVersion.From)];
    }

    internal async Task<WorkflowDefinitionRecord?> GetVersionRecordAsync(string versionId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateAsync(cancellationToken);
        return await db.Set<WorkflowDefinitionRecord>().AsNoTracking().FirstOrDefaultAsync(r => r.Id == versionId, cancellationToken);
    }

    private static void Publish(List<WorkflowDefinitionRecord> versions, WorkflowDefinitionRecord target, DateTimeOffset now)
    {
        foreach (var other in versions.Where(v => v.IsPublished && v.Id != target.Id))
        {
            other.IsPublished = false;
        }

        target.IsPublished = true;
        target.PublishedAt = now;
    }

    /// <summary>The content without the bookkeeping the store itself assigns (id, version, flags, creation time).</summary>
    public static string ContentHash(WorkflowDefinition definition)
    {
        var json = DefinitionWriter.ToJson(definition);
        foreach (var key in new[] { "id", "version", "isLatest", "isPublished", "createdAt" })
        {
            json.Remove(key);
        }

        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(json.ToJsonString()));
        return Convert.ToHexString(bytes);
    }
}

public enum ImportOutcome
{
    Unchanged,
    NewDraftVersion,
    NewPublishedVersion,
    Published,
}

public sealed record ImportResult(string DefinitionId, int Version, string VersionId, ImportOutcome Outcome);

/// <summary>One stored version, without its JSON.</summary>
public sealed record DefinitionVersion(string VersionId, string DefinitionId, int Version, string? Name, bool IsLatest, bool IsPublished, DateTimeOffset CreatedAt, DateTimeOffset? PublishedAt, string? SourcePath)
{
    internal static DefinitionVersion From(WorkflowDefinitionRecord r) =>
        new(r.Id, r.DefinitionId, r.Version, r.Name, r.IsLatest, r.IsPublished, r.CreatedAt, r.PublishedAt, r.SourcePath);
}

public sealed class WorkflowNotFoundException(string message) : Exception(message);

internal static class JsonNodeExtensions
{
    public static string? ToJsonOrNull(this JsonNode? node) => node?.ToJsonString();
}
