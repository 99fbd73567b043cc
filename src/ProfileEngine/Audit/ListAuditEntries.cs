using Mediator;
using Microsoft.EntityFrameworkCore;
using ProfileEngine.Messaging;
using ProfileEngine.Persistence;

namespace ProfileEngine.Audit;

/// <summary>The audit log, newest first: who did what to which record, when, with the record before and after.</summary>
public sealed record ListAuditEntries(string? EntityType = null, string? EntityId = null, string? Actor = null, DateTimeOffset? Since = null, int Skip = 0, int Take = 100)
    : IQuery<AuditPage>;

public sealed record AuditEntryView(long Id, DateTimeOffset At, string Actor, string Action, string EntityType, string EntityId, string Change, string? Before, string? After);

public sealed record AuditPage(int Total, IReadOnlyList<AuditEntryView> Items);

public sealed class ListAuditEntriesValidator : IValidator<ListAuditEntries>
{
    public ValueTask ValidateAsync(ListAuditEntries request, ValidationErrors errors, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(errors);
        errors.Page(request.Skip, request.Take);
        return ValueTask.CompletedTask;
    }
}

public sealed class ListAuditEntriesHandler(ProfileEngineDbContext db) : IQueryHandler<ListAuditEntries, AuditPage>
{
    public async ValueTask<AuditPage> Handle(ListAuditEntries query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var entries = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(query.EntityType))
        {
            entries = entries.Where(e => e.EntityType == query.EntityType);
        }

        if (!string.IsNullOrWhiteSpace(query.EntityId))
        {
            entries = entries.Where(e => e.EntityId == query.EntityId);
        }

        if (!string.IsNullOrWhiteSpace(query.Actor))
        {
            entries = entries.Where(e => e.Actor == query.Actor);
        }

        if (query.Since is { } since)
        {
            entries = entries.Where(e => e.At >= since);
        }

        var total = await entries.CountAsync(cancellationToken);
        var page = await entries.OrderByDescending(e => e.Id).Skip(query.Skip).Take(query.Take)
            .Select(e => new AuditEntryView(e.Id, e.At, e.Actor, e.Action, e.EntityType, e.EntityId, e.Change, e.Before, e.After))
            .ToListAsync(cancellationToken);
        return new AuditPage(total, page);
    }
}
