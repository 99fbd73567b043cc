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
    DateTimeOffset? TokensRefreshedAt)
{
    public const string NoDetails = "NoDetails";

    public static ConnectionStatusView From(ConnectionAlias alias, Connection? connection)
    {
        ArgumentNullException.ThrowIfNull(alias);
        var required = alias.RequiredScopeList;
        var granted = connection?.GrantedScopes?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [];
        return new ConnectionStatusView(
            alias.Name,
            alias.ParentAlias?.Name,
            required,
            connection is not null,
            connection?.BaseUrl,
            connection?.ClientId,
            connection?.RedirectUri,
            connection is not null && connection.ProtectedClientSecret.Length > 0,
            connection?.Status.ToString() ?? NoDetails,
            granted,
            connection?.Status == ConnectionStatus.Connected ? [.. required.Except(granted, StringComparer.Ordinal)] : [],
            connection?.OrgId,
            connection?.AccessTokenExpiresAt,
            connection?.RefreshTokenExpiresAt,
            connection?.ConnectedAt,
            connection?.ConnectedBy,
            connection?.TokensRefreshedAt);
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

public sealed class GetConnectionStatusHandler(ProfileEngineDbContext db) : IQueryHandler<GetConnectionStatus, ConnectionStatusView>
{
    public async ValueTask<ConnectionStatusView> Handle(GetConnectionStatus query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var alias = await db.FindAliasAsync(query.Alias, cancellationToken)
            ?? throw new InvalidOperationException($"The alias '{query.Alias}' disappeared.");
        return ConnectionStatusView.From(alias, await db.FindConnectionAsync(alias.Id, cancellationToken));
    }
}
