using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ProfileEngine.Connections;
using ProfileEngine.Connectors.Scim.Client;
using ProfileEngine.Messaging;
using ProfileEngine.Persistence;

namespace ProfileEngine.Connectors.Scim.Connections;

/// <summary>
/// A <see cref="ScimClient"/> for an alias's stored connection: the bearer token as it is, or a client-credentials
/// token bought again (and stored, encrypted) a minute before it expires.
/// </summary>
public sealed class ConnectedScimClients(
    IDbContextFactory<ProfileEngineDbContext> dbFactory,
    IServiceScopeFactory scopes,
    SecretProtector protector,
    VendorHostPolicy hosts,
    IHttpClientFactory httpClients,
    ScimTokenBuyer tokens,
    TimeProvider clock)
{
    private static readonly TimeSpan RenewBeforeExpiry = TimeSpan.FromMinutes(1);

    public async Task<ScimClient> CreateAsync(string aliasName, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var connection = await db.Connections.AsNoTracking().Where(c => c.Alias!.Name == aliasName).SingleOrDefaultAsync(cancellationToken)
            ?? throw new InvalidOperationException($"The alias '{aliasName}' has no connection.");
        if (connection.Status != ConnectionStatus.Connected || connection.ProtectedAccessToken is null)
        {
            throw new InvalidOperationException($"The connection of '{aliasName}' is {connection.Status}; an operator must sign in first.");
        }

        hosts.Demand(connection.BaseUrl);
        var current = new VendorTokens(protector.Unprotect(connection.ProtectedAccessToken), connection.AccessTokenExpiresAt, null, null);
        var gate = new SemaphoreSlim(1, 1);
        async Task<string> AccessTokenAsync(CancellationToken ct)
        {
            if (connection.Method != ConnectionMethod.ClientCredentials || current.AccessTokenExpiresAt is not { } expires || clock.GetUtcNow() < expires - RenewBeforeExpiry)
            {
                return current.AccessToken;
            }

            await gate.WaitAsync(ct);
            try
            {
                if (current.AccessTokenExpiresAt is { } again && clock.GetUtcNow() >= again - RenewBeforeExpiry)
                {
                    current = await tokens.BuyAsync(new Uri(connection.TokenUrl!), connection.ClientId, protector.Unprotect(connection.ProtectedClientSecret), ct);
                    await StoreAsync(connection.Id, current, ct);
                }

                return current.AccessToken;
            }
            finally
            {
                gate.Release();
            }
        }

        return new ScimClient(httpClients.CreateClient(ScimConnectorServiceCollectionExtensions.HttpClientName), new Uri(connection.BaseUrl), AccessTokenAsync);
    }

    private async Task StoreAsync(Guid connectionId, VendorTokens bought, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentOperator>().Name = CurrentOperator.System;
        await scope.ServiceProvider.GetRequiredService<ISender>().Send(new StoreRefreshedTokens(connectionId, bought), cancellationToken);
    }
}
