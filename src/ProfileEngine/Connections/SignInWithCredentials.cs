using Mediator;
using Microsoft.Extensions.Logging;
using ProfileEngine.Audit;
using ProfileEngine.Connectors;
using ProfileEngine.Messaging;
using ProfileEngine.Persistence;

namespace ProfileEngine.Connections;

/// <summary>
/// Connect without a browser, for a connection that signs in with a bearer token or OAuth client credentials: the
/// alias's connector checks the credential against the vendor (and buys tokens), and the connection becomes Connected.
/// A refused credential leaves the connection as it was and says why.
/// </summary>
public sealed record SignInWithCredentials(string Alias) : ICommand<ConnectionStatusView>, IAuditedCommand;

public sealed class SignInWithCredentialsValidator(ProfileEngineDbContext db, VendorHostPolicy hosts, VendorConnectors connectors, SecretProtector protector)
    : IValidator<SignInWithCredentials>
{
    public async ValueTask ValidateAsync(SignInWithCredentials request, ValidationErrors errors, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(errors);
        var alias = await db.RequireAliasAsync(request.Alias, errors, cancellationToken);
        if (alias is null)
        {
            return;
        }

        var connector = connectors.OwnerOf(alias);
        var connection = await db.FindConnectionAsync(alias.Id, cancellationToken);
        if (connector is null)
        {
            errors.Add(nameof(request.Alias), $"No registered connector owns the alias '{alias.Name}'.");
        }
        else if (connection is null)
        {
            errors.Add(nameof(request.Alias), $"The alias '{alias.Name}' has no connection details yet; set the base URL and the credential first.");
        }
        else if (connection.Method == ConnectionMethod.AuthorizationCode)
        {
            errors.Add(nameof(request.Alias), $"The connection of '{alias.Name}' signs in with the OAuth authorization code; use Connect (POST /connections/{alias.Name}/connect).");
        }
        else if (!connector.Accepts(connection.Method))
        {
            errors.Add(nameof(request.Alias), $"The {connector.Vendor} connector does not sign in with {connection.Method}.");
        }
        else if (hosts.Refusal(connection.BaseUrl) is { } refusal)
        {
            errors.Add("BaseUrl", refusal);
        }
        else if (!protector.CanUnprotect(connection.ProtectedClientSecret))
        {
            errors.Add("Secret", CredentialsUnreadableException.Explanation);
        }
    }
}

public sealed class SignInWithCredentialsHandler(
    ProfileEngineDbContext db,
    CurrentOperator currentOperator,
    SecretProtector protector,
    VendorConnectors connectors,
    TimeProvider timeProvider,
    ILogger<SignInWithCredentialsHandler> logger) : ICommandHandler<SignInWithCredentials, ConnectionStatusView>
{
    public async ValueTask<ConnectionStatusView> Handle(SignInWithCredentials command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var alias = await db.FindAliasAsync(command.Alias, cancellationToken)
            ?? throw new InvalidOperationException($"The alias '{command.Alias}' disappeared.");
        var connection = await db.FindConnectionAsync(alias.Id, cancellationToken)
            ?? throw new InvalidOperationException($"The connection of '{command.Alias}' disappeared.");
        var credentials = new ConnectorCredentials(
            new Uri(connection.BaseUrl),
            connection.Method,
            connection.ClientId,
            protector.Unprotect(connection.ProtectedClientSecret),
            connection.TokenUrl is null ? null : new Uri(connection.TokenUrl),
            alias.RequiredScopeList);
        var signedIn = await connectors.SignInOf(connectors.OwnerOfRequired(alias)).SignInDirectAsync(credentials, cancellationToken);
        var now = timeProvider.GetUtcNow();
        connection.StoreSignIn(signedIn, alias.RequiredScopes, protector, currentOperator.Name, now, now);
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Connection {Alias} signed in with {Method} by {Operator}", alias.Name, connection.Method, currentOperator.Name);
        return ConnectionStatusView.From(alias, connection);
    }
}
