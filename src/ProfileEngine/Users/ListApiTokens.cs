using Mediator;
using Microsoft.EntityFrameworkCore;
using ProfileEngine.Persistence;

namespace ProfileEngine.Users;

/// <summary>A user's tokens, newest first: name, prefix, dates. Never the token or its hash.</summary>
public sealed record ListApiTokens(string UserName) : IQuery<IReadOnlyList<ApiTokenView>>;

public sealed class ListApiTokensHandler(ProfileEngineDbContext db) : IQueryHandler<ListApiTokens, IReadOnlyList<ApiTokenView>>
{
    public async ValueTask<IReadOnlyList<ApiTokenView>> Handle(ListApiTokens query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var tokens = await db.ApiTokens.AsNoTracking().Where(t => t.UserName == query.UserName).ToListAsync(cancellationToken);
        return [.. tokens.OrderByDescending(t => t.CreatedAt).Select(ApiTokens.View)];
    }
}

internal static class ApiTokens
{
    public static ApiTokenView View(ApiToken token) => new(token.Id, token.Name, token.Prefix, token.CreatedAt, token.ExpiresAt, token.RevokedAt);
}
