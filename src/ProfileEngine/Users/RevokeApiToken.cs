using Mediator;
using Microsoft.EntityFrameworkCore;
using ProfileEngine.Audit;
using ProfileEngine.Messaging;
using ProfileEngine.Persistence;

namespace ProfileEngine.Users;

/// <summary>Revokes one of the user's own tokens; it stops working at once.</summary>
public sealed record RevokeApiToken(string UserName, Guid TokenId) : ICommand<ApiTokenView>, IAuditedCommand;

public sealed class RevokeApiTokenHandler(ProfileEngineDbContext db, TimeProvider clock) : ICommandHandler<RevokeApiToken, ApiTokenView>
{
    public async ValueTask<ApiTokenView> Handle(RevokeApiToken command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var token = await db.ApiTokens.SingleOrDefaultAsync(t => t.Id == command.TokenId && t.UserName == command.UserName, cancellationToken)
            ?? throw new RequestNotFoundException(nameof(RevokeApiToken), nameof(command.TokenId), $"You have no token {command.TokenId}.");
        token.RevokedAt ??= clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return ApiTokens.View(token);
    }
}
