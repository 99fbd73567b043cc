using Mediator;
using ProfileEngine.Audit;
using ProfileEngine.Messaging;
using ProfileEngine.Persistence;

namespace ProfileEngine.Connections;

/// <summary>
/// Sets where an alias's vendor is and how its connection signs in (<see cref="Method"/>, one the alias's connector
/// accepts): an OAuth integration's client id, secret and redirect URI; a bearer token (as the secret); or client
/// credentials with their token URL. <see cref="ClientSecret"/> may be left out to keep the stored one. Changing the
/// base URL, method, token URL, client id or secret drops the tokens, which belonged to the old credential: the
/// connection must be connected again.
/// </summary>
public sealed record SetConnectionDetails(
    string Alias,
    string BaseUrl,
    string? ClientId,
    string? ClientSecret,
    string? RedirectUri,
    ConnectionMethod Method = ConnectionMethod.AuthorizationCode,
    string? TokenUrl = null)
    : ICommand<ConnectionStatusView>, IAuditedCommand
{
    public override string ToString() =>
        $"SetConnectionDetails {{ Alias = {Alias}, BaseUrl = {BaseUrl}, Method = {Method}, ClientId = {ClientId}, ClientSecret = {(ClientSecret is null ? "(unchanged)" : "***")}, RedirectUri = {RedirectUri}, TokenUrl = {TokenUrl} }}";
}

public sealed class SetConnectionDetailsValidator(ProfileEngineDbContext db, VendorHostPolicy hosts, SecretProtector protector, Connectors.VendorConnectors connectors)
    : IValidator<SetConnectionDetails>
{
    public async ValueTask ValidateAsync(SetConnectionDetails request, ValidationErrors errors, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(errors);
        var alias = await db.RequireAliasAsync(request.Alias, errors, cancellationToken);
        if (!errors.Required(nameof(request.BaseUrl), request.BaseUrl) && hosts.Refusal(request.BaseUrl) is { } refusal)
        {
            errors.Add(nameof(request.BaseUrl), refusal);
        }

        if (!Enum.IsDefined(request.Method))
        {
            errors.Add(nameof(request.Method), $"Method must be one of {string.Join(", ", Enum.GetNames<ConnectionMethod>())}.");
        }
        else if (alias is not null && connectors.OwnerOf(alias) is { } connector && !connector.Accepts(request.Method))
        {
            errors.Add(nameof(request.Method), $"The {connector.Vendor} connector signs in with {string.Join(" or ", connector.ConnectionMethods)}, not {request.Method}.");
        }

        if (request.Method != ConnectionMethod.BearerToken)
        {
            errors.Required(nameof(request.ClientId), request.ClientId);
        }

        if (request.Method == ConnectionMethod.ClientCredentials && !errors.Required(nameof(request.TokenUrl), request.TokenUrl))
        {
            if (!Uri.TryCreate(request.TokenUrl, UriKind.Absolute, out var tokenUrl) || (tokenUrl.Scheme != Uri.UriSchemeHttps && tokenUrl.Scheme != Uri.UriSchemeHttp))
            {
                errors.Add(nameof(request.TokenUrl), $"'{request.TokenUrl}' is not an absolute http(s) URL.");
            }
            else if (hosts.Refusal(request.TokenUrl!) is { } tokenRefusal)
            {
                errors.Add(nameof(request.TokenUrl), tokenRefusal);
            }
        }
        if (request.ClientSecret is not null && string.IsNullOrWhiteSpace(request.ClientSecret))
        {
            errors.Add(nameof(request.ClientSecret), "ClientSecret must not be blank; leave it out to keep the stored one.");
        }
        else if (request.ClientSecret is null && alias is not null && await db.FindConnectionAsync(alias.Id, cancellationToken) is { } stored)
        {
            if (!protector.CanUnprotect(stored.ProtectedClientSecret))
            {
                errors.Add(nameof(request.ClientSecret), CredentialsUnreadableException.Explanation);
            }
        }
        else if (request.ClientSecret is null && alias is not null)
        {
            errors.Add(nameof(request.ClientSecret), "ClientSecret is required the first time the connection details are set.");
        }

        if (request.Method == ConnectionMethod.AuthorizationCode
            && !errors.Required(nameof(request.RedirectUri), request.RedirectUri)
            && (!Uri.TryCreate(request.RedirectUri, UriKind.Absolute, out var redirect) || (redirect.Scheme != Uri.UriSchemeHttps && redirect.Scheme != Uri.UriSchemeHttp)))
        {
            errors.Add(nameof(request.RedirectUri), $"'{request.RedirectUri}' is not an absolute http(s) URL.");
        }
    }
}

public sealed class SetConnectionDetailsHandler(ProfileEngineDbContext db, SecretProtector protector, TimeProvider timeProvider)
    : ICommandHandler<SetConnectionDetails, ConnectionStatusView>
{
    public async ValueTask<ConnectionStatusView> Handle(SetConnectionDetails command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var alias = await db.FindAliasAsync(command.Alias, cancellationToken)
            ?? throw new InvalidOperationException($"The alias '{command.Alias}' disappeared.");
        var baseUrl = new Uri(command.BaseUrl).AbsoluteUri;
        baseUrl = baseUrl.EndsWith('/') ? baseUrl : baseUrl + "/";
        var now = timeProvider.GetUtcNow();
        var clientId = command.ClientId?.Trim() ?? "";
        var redirectUri = command.Method == ConnectionMethod.AuthorizationCode ? command.RedirectUri! : "";
        var tokenUrl = command.Method == ConnectionMethod.ClientCredentials ? command.TokenUrl : null;
        var connection = await db.FindConnectionAsync(alias.Id, cancellationToken);
        if (connection is null)
        {
            connection = new Connection
            {
                Id = Guid.CreateVersion7(now),
                AliasId = alias.Id,
                BaseUrl = baseUrl,
                Method = command.Method,
                TokenUrl = tokenUrl,
                ClientId = clientId,
                ProtectedClientSecret = protector.Protect(command.ClientSecret!),
                RedirectUri = redirectUri,
                Status = ConnectionStatus.NotConnected,
                UpdatedAt = now,
            };
            db.Connections.Add(connection);
        }
        else
        {
            // A secret encrypted with a lost key ring is replaced by the one entered, whatever it was.
            var secretChanged = command.ClientSecret is not null
                && (!protector.CanUnprotect(connection.ProtectedClientSecret) || command.ClientSecret != protector.Unprotect(connection.ProtectedClientSecret));
            var tokensUnreadable = !protector.CanUnprotect(connection.ProtectedAccessToken, connection.ProtectedRefreshToken);
            if (secretChanged || tokensUnreadable || connection.BaseUrl != baseUrl || connection.ClientId != clientId
                || connection.Method != command.Method || connection.TokenUrl != tokenUrl)
            {
                connection.ForgetTokens();
            }

            connection.BaseUrl = baseUrl;
            connection.Method = command.Method;
            connection.TokenUrl = tokenUrl;
            connection.ClientId = clientId;
            if (secretChanged)
            {
                connection.ProtectedClientSecret = protector.Protect(command.ClientSecret!);
            }

            connection.RedirectUri = redirectUri;
            connection.UpdatedAt = now;
        }

        await db.SaveChangesAsync(cancellationToken);
        return ConnectionStatusView.Of(alias, connection, protector);
    }
}
