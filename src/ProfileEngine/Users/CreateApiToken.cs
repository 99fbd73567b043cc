using Mediator;
using Microsoft.AspNetCore.Identity;
using ProfileEngine.Audit;
using ProfileEngine.Messaging;
using ProfileEngine.Persistence;

namespace ProfileEngine.Users;

/// <summary>
/// Issues a personal API token for a user. The token is in the answer once; the engine keeps only its hash.
/// </summary>
public sealed record CreateApiToken(string UserName, string Name, int? ExpiresInDays = null) : ICommand<ApiTokenCreated>, IAuditedCommand;

public sealed record ApiTokenView(Guid Id, string Name, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? RevokedAt);

public sealed record ApiTokenCreated(ApiTokenView Token, string Secret)
{
    public override string ToString() => $"ApiTokenCreated {{ Token = {Token}, Secret = *** }}";
}

public sealed class CreateApiTokenValidator(UserManager<IdentityUser> users) : IValidator<CreateApiToken>
{
    public async ValueTask ValidateAsync(CreateApiToken request, ValidationErrors errors, CancellationToken cancellationToken)
    {
        if (!errors.Required(nameof(request.UserName), request.UserName) && await users.FindByNameAsync(request.UserName) is null)
        {
            errors.Add(nameof(request.UserName), $"There is no user '{request.UserName}'.");
        }

        if (!errors.Required(nameof(request.Name), request.Name) && request.Name.Trim().Length > 100)
        {
            errors.Add(nameof(request.Name), "Name must be at most 100 characters.");
        }

        if (request.ExpiresInDays is < 1 or > 366)
        {
            errors.Add(nameof(request.ExpiresInDays), "ExpiresInDays must be between 1 and 366 (or left out for no expiry).");
        }
    }
}

public sealed class CreateApiTokenHandler(ProfileEngineDbContext db, UserManager<IdentityUser> users, TimeProvider clock) : ICommandHandler<CreateApiToken, ApiTokenCreated>
{
    public async ValueTask<ApiTokenCreated> Handle(CreateApiToken command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var user = await users.FindByNameAsync(command.UserName)
            ?? throw new RequestNotFoundException(nameof(CreateApiToken), nameof(command.UserName), $"There is no user '{command.UserName}'.");
        var now = clock.GetUtcNow();
        var secret = ApiToken.NewSecret();
        var token = new ApiToken
        {
            Id = Guid.CreateVersion7(now),
            UserId = user.Id,
            UserName = user.UserName!,
            Name = command.Name.Trim(),
            Hash = ApiToken.HashOf(secret),
            Prefix = secret[..10],
            CreatedAt = now,
            ExpiresAt = command.ExpiresInDays is { } days ? now.AddDays(days) : null,
        };
        db.Add(token);
        await db.SaveChangesAsync(cancellationToken);
        return new ApiTokenCreated(ApiTokens.View(token), secret);
    }
}
