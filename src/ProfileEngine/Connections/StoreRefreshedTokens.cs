using Mediator;
using Microsoft.EntityFrameworkCore;
using ProfileEngine.Audit;
using ProfileEngine.Connectors;
using ProfileEngine.Persistence;

namespace ProfileEngine.Connections;

/// <summary>
/// Stores the tokens a refresh returned, including a rotated refresh token (the old one may already be dead).
/// A connector's client sends it, as the system actor, each time it refreshed a connection's tokens.
/// </summary>
public sealed record StoreRefreshedTokens(Guid ConnectionId, VendorTokens Tokens) : ICommand, IAuditedCommand;

public sealed class StoreRefreshedTokensHandler(ProfileEngineDbContext db, SecretProtector protector, TimeProvider timeProvider)
    : ICommandHandler<StoreRefreshedTokens>
{
    public async ValueTask<Unit> Handle(StoreRefreshedTokens command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var connection = await db.Connections.SingleOrDefaultAsync(c => c.Id == command.ConnectionId, cancellationToken)
            ?? throw new InvalidOperationException($"Connection {command.ConnectionId} no longer exists; the refreshed tokens were not stored.");
        var now = timeProvider.GetUtcNow();
        connection.StoreTokens(command.Tokens, protector);
        connection.Status = ConnectionStatus.Connected;
        connection.TokensRefreshedAt = now;
        connection.UpdatedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        return Unit.Value;
    }
}
