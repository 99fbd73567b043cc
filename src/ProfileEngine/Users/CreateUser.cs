using Mediator;
using Microsoft.AspNetCore.Identity;
using ProfileEngine.Audit;
using ProfileEngine.Messaging;
using ProfileEngine.Persistence;

namespace ProfileEngine.Users;

/// <summary>
/// Adds a person who can sign in, with their roles. Without a password one is generated and returned once
/// (<see cref="CreatedUser.GeneratedPassword"/>); a given password is never returned.
/// </summary>
public sealed record CreateUser(string UserName, string? Password, IReadOnlyList<string> Roles) : ICommand<CreatedUser>, IAuditedCommand
{
    public override string ToString() => $"CreateUser {{ UserName = {UserName}, Password = {(Password is null ? "(generated)" : "***")}, Roles = {string.Join(",", Roles)} }}";
}

public sealed record CreatedUser(string UserName, IReadOnlyList<string> Roles, string? GeneratedPassword)
{
    public override string ToString() => $"CreatedUser {{ UserName = {UserName}, Roles = {string.Join(",", Roles)} }}";
}

public sealed class CreateUserValidator(UserManager<IdentityUser> users) : IValidator<CreateUser>
{
    public async ValueTask ValidateAsync(CreateUser request, ValidationErrors errors, CancellationToken cancellationToken)
    {
        if (!errors.Required(nameof(request.UserName), request.UserName))
        {
            if (request.UserName.Trim().Length > 100 || request.UserName.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
            {
                errors.Add(nameof(request.UserName), "UserName must be at most 100 characters without spaces.");
            }
            else if (await users.FindByNameAsync(request.UserName.Trim()) is not null)
            {
                errors.Add(nameof(request.UserName), $"There is already a user '{request.UserName.Trim()}'.");
            }
        }

        if (request.Password is { } password && password.Length < UserPasswords.MinimumLength)
        {
            errors.Add(nameof(request.Password), $"Password must have at least {UserPasswords.MinimumLength} characters.");
        }

        foreach (var role in request.Roles ?? [])
        {
            if (!EngineRoles.IsKnown(role))
            {
                errors.Add(nameof(request.Roles), $"'{role}' is not a role; use {string.Join(", ", EngineRoles.All)}.");
            }
        }
    }
}

public sealed class CreateUserHandler(
    ProfileEngineDbContext db, UserManager<IdentityUser> users, RoleManager<IdentityRole> roles, CurrentOperator currentOperator, TimeProvider clock)
    : ICommandHandler<CreateUser, CreatedUser>
{
    public async ValueTask<CreatedUser> Handle(CreateUser command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var userName = command.UserName.Trim();
        var password = command.Password ?? UserPasswords.Generate();
        var granted = (command.Roles ?? []).Distinct(StringComparer.Ordinal).ToList();

        // The user, its roles and the audit row commit together (Identity's stores share this scope's DbContext).
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await UserPasswords.EnsureRolesAsync(roles);
        var user = new IdentityUser(userName);
        UserPasswords.Check(await users.CreateAsync(user, password), nameof(command.Password));
        if (granted.Count > 0)
        {
            UserPasswords.Check(await users.AddToRolesAsync(user, granted), nameof(command.Roles));
        }

        UserAudit.Add(db, currentOperator.Name, nameof(CreateUser), clock.GetUtcNow(), user.Id, "Added", null, new { UserName = userName, Roles = granted });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new CreatedUser(userName, granted, command.Password is null ? password : null);
    }
}
