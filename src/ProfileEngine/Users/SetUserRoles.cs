using Mediator;
using Microsoft.AspNetCore.Identity;
using ProfileEngine.Audit;
using ProfileEngine.Messaging;
using ProfileEngine.Persistence;

namespace ProfileEngine.Users;

/// <summary>
/// Gives a user exactly these roles. Refused when it would leave the engine without a <c>sam_admin</c>. API tokens
/// follow at once (they read the roles on every call); sign-in cookies when Identity next checks the security stamp.
/// </summary>
public sealed record SetUserRoles(string UserName, IReadOnlyList<string> Roles) : ICommand<UserView>, IAuditedCommand;

public sealed class SetUserRolesValidator(UserManager<IdentityUser> users) : IValidator<SetUserRoles>
{
    public async ValueTask ValidateAsync(SetUserRoles request, ValidationErrors errors, CancellationToken cancellationToken)
    {
        foreach (var role in request.Roles ?? [])
        {
            if (!EngineRoles.IsKnown(role))
            {
                errors.Add(nameof(request.Roles), $"'{role}' is not a role; use {string.Join(", ", EngineRoles.All)}.");
            }
        }

        if (errors.Required(nameof(request.UserName), request.UserName) || await users.FindByNameAsync(request.UserName) is not { } user)
        {
            return;
        }

        var losesAdmin = await users.IsInRoleAsync(user, EngineRoles.Admin) && !(request.Roles ?? []).Contains(EngineRoles.Admin, StringComparer.Ordinal);
        if (losesAdmin && (await users.GetUsersInRoleAsync(EngineRoles.Admin)).Count == 1)
        {
            errors.Add(nameof(request.Roles), $"{user.UserName} is the only {EngineRoles.Admin}; give the role to someone else first.");
        }
    }
}

public sealed class SetUserRolesHandler(ProfileEngineDbContext db, UserManager<IdentityUser> users, CurrentOperator currentOperator, TimeProvider clock)
    : ICommandHandler<SetUserRoles, UserView>
{
    public async ValueTask<UserView> Handle(SetUserRoles command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var user = await users.FindByNameAsync(command.UserName)
            ?? throw new RequestNotFoundException(nameof(SetUserRoles), nameof(command.UserName), $"There is no user '{command.UserName}'.");
        var wanted = (command.Roles ?? []).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var current = (await users.GetRolesAsync(user)).Order(StringComparer.Ordinal).ToList();

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        UserPasswords.Check(await users.RemoveFromRolesAsync(user, current.Except(wanted, StringComparer.Ordinal)), nameof(command.Roles));
        UserPasswords.Check(await users.AddToRolesAsync(user, wanted.Except(current, StringComparer.Ordinal)), nameof(command.Roles));
        UserPasswords.Check(await users.UpdateSecurityStampAsync(user), nameof(command.Roles));
        UserAudit.Add(db, currentOperator.Name, nameof(SetUserRoles), clock.GetUtcNow(), user.Id, "Modified", new { Roles = current }, new { Roles = wanted });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new UserView(user.UserName!, wanted, await users.IsLockedOutAsync(user));
    }
}
