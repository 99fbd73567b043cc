using Mediator;
using Microsoft.EntityFrameworkCore;
using ProfileEngine.Persistence;

namespace ProfileEngine.Subscriptions;

/// <summary>The profile's Unrecognized Subscription Identifiers related list, most subscriptions first.</summary>
public sealed record ListUnrecognizedIdentifiers(Guid ProfileId, bool IncludeMapped = true) : IQuery<IReadOnlyList<UnrecognizedIdentifierView>>;

public sealed record UnrecognizedIdentifierView(
    string Identifier, string? Name, int SubscriptionCount, Guid? MappedModelId, string? MappedBy, DateTimeOffset? MappedAt,
    DateTimeOffset FirstSeenAt, DateTimeOffset LastSeenAt);

public sealed class ListUnrecognizedIdentifiersHandler(ProfileEngineDbContext db) : IQueryHandler<ListUnrecognizedIdentifiers, IReadOnlyList<UnrecognizedIdentifierView>>
{
    public async ValueTask<IReadOnlyList<UnrecognizedIdentifierView>> Handle(ListUnrecognizedIdentifiers query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        await SubscriptionQueries.RequireProfileAsync(db, query.ProfileId, nameof(ListUnrecognizedIdentifiers), cancellationToken);
        var rows = await db.UnrecognizedSubscriptionIdentifiers.AsNoTracking()
            .Where(u => u.ProfileId == query.ProfileId && (query.IncludeMapped || u.MappedModelId == null))
            .OrderByDescending(u => u.SubscriptionCount).ThenBy(u => u.Identifier)
            .ToListAsync(cancellationToken);
        return [.. rows.Select(u => new UnrecognizedIdentifierView(u.Identifier, u.Name, u.SubscriptionCount, u.MappedModelId, u.MappedBy, u.MappedAt, u.FirstSeenAt, u.LastSeenAt))];
    }
}
