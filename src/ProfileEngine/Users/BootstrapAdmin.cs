using Mediator;
using Microsoft.EntityFrameworkCore;
using ProfileEngine.Audit;
using ProfileEngine.Persistence;

namespace ProfileEngine.Users;

/// <summary>
/// On a database without users, creates <c>admin</c> with every role and a generated password, returned once so the
/// host can print it; with users already there it does nothing and returns null. There is never a fixed default.
/// </summary>
public sealed record BootstrapAdmin : ICommand<CreatedUser?>, IAuditedCommand
{
    public const string UserName = "admin";
}

public sealed class BootstrapAdminHandler(ProfileEngineDbContext db, IMediator mediator) : ICommandHandler<BootstrapAdmin, CreatedUser?>
{
    public async ValueTask<CreatedUser?> Handle(BootstrapAdmin command, CancellationToken cancellationToken)
    {
        if (await db.Users.AnyAsync(cancellationToken))
        {
            return null;
        }

        return await mediator.Send(new CreateUser(BootstrapAdmin.UserName, null, EngineRoles.All), cancellationToken);
    }
}
