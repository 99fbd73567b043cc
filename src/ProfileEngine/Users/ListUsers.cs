using Mediator;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using ProfileEngine.Persistence;

namespace ProfileEngine.Users;

/// <summary>The people who can sign in, by name, with their roles.</summary>
public sealed record ListUsers : IQuery<IReadOnlyList<UserView>>;

public sealed record UserView(string UserName, IReadOnlyList<string> Roles, bool LockedOut);

public sealed class ListUsersHandler(ProfileEngineDbContext db, TimeProvider clock) : IQueryHandler<ListUsers, IReadOnlyList<UserView>>
{
    public async ValueTask<IReadOnlyList<UserView>> Handle(ListUsers query, CancellationToken cancellationToken)
    {
        var users = await db.Users.AsNoTracking().OrderBy(u => u.NormalizedUserName).ToListAsync(cancellationToken);
        var roles = await (from link in db.UserRoles
                           join role in db.Roles on link.RoleId equals role.Id
                           select new { link.UserId, role.Name }).ToListAsync(cancellationToken);
        var now = clock.GetUtcNow();
        return [.. users.Select(u => new UserView(
            u.UserName!,
            [.. roles.Where(r => r.UserId == u.Id).Select(r => r.Name!).Order(StringComparer.Ordinal)],
            u.LockoutEnd is { } end && end > now))];
    }
}
