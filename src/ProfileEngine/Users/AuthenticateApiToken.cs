using Mediator;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using ProfileEngine.Persistence;

namespace ProfileEngine.Users;

/// <summary>
/// Who a presented API token belongs to, with their current roles; null when the token is unknown, revoked,
/// expired, or its user is locked out.
/// </summary>
public sealed record AuthenticateApiToken(string Token) : IQuery<TokenHolder?>
{
    public override string ToString() => "AuthenticateApiToken { Token = *** }";
}

public sealed record TokenHolder(string UserName, IReadOnlyList<string> Roles);

public sealed class AuthenticateApiTokenHandler(ProfileEngineDbContext db, UserManager<IdentityUser> users, TimeProvider clock)
    : IQueryHandler<AuthenticateApiToken, TokenHolder?>
{
    public async ValueTask<TokenHolder?> Handle(AuthenticateApiToken query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (!query.Token.StartsWith(ApiToken.TokenStart, StringComparison.Ordinal))
        {
            return null;
        }

        var hash = ApiToken.HashOf(query.Token);
        var token = await db.ApiTokens.AsNoTracking().SingleOrDefaultAsync(t => t.Hash == hash, cancellationToken);
        if (token is null || !token.IsActiveAt(clock.GetUtcNow()))
        {
            return null;
        }

        var user = await users.FindByIdAsync(token.UserId);
        if (user is null || await users.IsLockedOutAsync(user))
        {
            return null;
        }

        return new TokenHolder(user.UserName!, [.. await users.GetRolesAsync(user)]);
    }
}
