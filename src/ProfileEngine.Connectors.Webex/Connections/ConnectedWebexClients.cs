using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ProfileEngine.Messaging;
using ProfileEngine.Persistence;
using ProfileEngine.Connections;

namespace ProfileEngine.Connectors.Webex.Connections;

/// <summary>
/// Builds a <see cref="WebexClient"/> for an alias's stored connection. Every token refresh the client makes is
/// stored at once (rotated refresh token included) through <see cref="StoreRefreshedTokens"/>, as the system actor.
/// </summary>
public sealed class ConnectedWebexClients(
    IDbContextFactory<ProfileEngineDbContext> dbFactory,
    IServiceScopeFactory scopes,
    SecretProtector protector,
    VendorHostPolicy hosts,
    IWebexClientFactory clients)
{
    public async Task<WebexClient> CreateAsync(string aliasName, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var connection = await db.Connections.AsNoTracking()
            .Where(c => c.Alias!.Name == aliasName)
            .SingleOrDefaultAsync(cancellationToken)
            ?? throw new InvalidOperationException($"The alias '{aliasName}' has no connection.");
        if (connection.Status != ConnectionStatus.Connected || connection.ProtectedAccessToken is null || connection.ProtectedRefreshToken is null)
        {
            throw new InvalidOperationException($"The connection of '{aliasName}' is {connection.Status}; an operator must run Connect first.");
        }

        hosts.Demand(connection.BaseUrl);
        var connectionId = connection.Id;
        return clients.Create(new WebexConnection
        {
            BaseAddress = new Uri(connection.BaseUrl),
            ClientId = connection.ClientId,
            ClientSecret = protector.Unprotect(connection.ProtectedClientSecret),
            Tokens = new WebexTokens(
                protector.Unprotect(connection.ProtectedAccessToken),
                connection.AccessTokenExpiresAt ?? DateTimeOffset.MinValue,
                protector.Unprotect(connection.ProtectedRefreshToken),
                connection.RefreshTokenExpiresAt),
            OnTokensRefreshed = (tokens, token) => StoreAsync(connectionId, tokens, token),
        });
    }

    private async Task StoreAsync(Guid connectionId, WebexTokens tokens, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentOperator>().Name = CurrentOperator.System;
        await scope.ServiceProvider.GetRequiredService<ISender>().Send(new StoreRefreshedTokens(connectionId, tokens.ToVendorTokens()), cancellationToken);
    }
}
