using Mediator;
using ProfileEngine.Messaging;
using ProfileEngine.Persistence;

namespace ProfileEngine.Connections;

/// <summary>What an operator may see of an alias's connection: never the client secret or a token.</summary>
public sealed record GetConnectionStatus(string Alias) : IQuery<ConnectionStatusView>;

public sealed record ConnectionStatusView(
    string Alias,
    string? ParentAlias,
    IReadOnlyList<string> RequiredScopes,
    bool DetailsSet,
    string? BaseUrl,
    string? Method,
    string? TokenUrl,
    string? ClientId,
    string? RedirectUri,
    bool HasClientSecret,
    string Status,
    IReadOnlyList<string> GrantedScopes,
    IReadOnlyList<string> MissingScopes,
    string? OrgId,
    DateTimeOffset? AccessTokenExpiresAt,
    DateTimeOffset? RefreshTokenExpiresAt,
    DateTimeOffset? ConnectedAt,
    string? ConnectedBy,
    DateTimeOffset? TokensRefreshedAt,
    string? Problem = null)
{
    public const string NoDetails = "NoDetails";

    /// <param name="problem">Why the stored connection cannot be used as it is (it then shows as NotConnected).</param>
    public static ConnectionStatusView From(ConnectionAlias alias, Connection? connection, string? problem = null)
    {
        ArgumentNullException.ThrowIfNull(alias);
        var usable = connection is not null && problem is null;
        var required = alias.RequiredScopeList;
        var granted = connection?.GrantedScopes?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [];
        return new ConnectionStatusView(
            alias.Name,
            alias.ParentAlias?.Name,
            required,
            connection is not null,
            connection?.BaseUrl,
            connection?.Method.ToString(),
            connection?.TokenUrl,
            connection?.ClientId,
            connection?.RedirectUri,
            connection is not null && connection.ProtectedClientSecret.Length > 0,
            connection is null ? NoDetails : usable ? connection.Status.ToString() : nameof(ConnectionStatus.NotConnected),
            granted,
            usable && connection!.Status == ConnectionStatus.Connected ? [.. required.Except(granted, StringComparer.Ordinal)] : [],
            connection?.OrgId,
            connection?.AccessTokenExpiresAt,
            connection?.RefreshTokenExpiresAt,
            connection?.ConnectedAt,
            connection?.ConnectedBy,
            connection?.TokensRefreshedAt,
            problem);
    }

    /// <summary>The view of a stored connection, saying so when its secrets were encrypted with another key ring.</summary>
    public static ConnectionStatusView Of(ConnectionAlias alias, Connection? connection, SecretProtector protector)
    {
        ArgumentNullException.ThrowIfNull(protector);
        var readable = connection is null
            || protector.CanUnprotect(connection.ProtectedClientSecret, connection.ProtectedAccessToken, connection.ProtectedRefreshToken);
        return From(alias, connection, readable ? null : CredentialsUnreadableException.Explanation);
    }
}

public sealed class GetConnectionStatusValidator(ProfileEngineDbContext db) : IValidator<GetConnectionStatus>
{
    public async ValueTask ValidateAsync(GetConnectionStatus request, ValidationErrors errors, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        await db.RequireAliasAsync(request.Alias, errors, cancellationToken);
    }
}

public sealed class GetConnectionStatusHandler(ProfileEngineDbContext db, SecretProtector protector) : IQueryHandler<GetConnectionStatus, ConnectionStatusView>
{
    public async ValueTask<ConnectionStatusView> Handle(GetConnectionStatus query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var alias = await db.FindAliasAsync(query.Alias, cancellationToken)
            ?? throw new InvalidOperationException($"The alias '{query.Alias}' disappeared.");
        return ConnectionStatusView.Of(alias, await db.FindConnectionAsync(alias.Id, cancellationToken), protector);
    }
}
