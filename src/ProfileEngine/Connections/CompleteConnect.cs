using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using ProfileEngine.Audit;
using ProfileEngine.Connectors;
using ProfileEngine.Messaging;
using ProfileEngine.Persistence;

namespace ProfileEngine.Connections;

/// <summary>
/// The OAuth callback: checks the <c>state</c> (known, unused, unexpired, started by this operator, for this alias
/// when the callback names one), burns it, has the alias's connector exchange the code for tokens and name the
/// account they belong to, and stores the tokens encrypted.
/// </summary>
public sealed record CompleteConnect(string State, string Code, string? Alias = null) : ICommand<ConnectionStatusView>, IAuditedCommand
{
    public override string ToString() => $"CompleteConnect {{ State = ***, Code = ***, Alias = {Alias} }}";
}

public sealed class CompleteConnectValidator : IValidator<CompleteConnect>
{
    public ValueTask ValidateAsync(CompleteConnect request, ValidationErrors errors, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(errors);
        errors.Required(nameof(request.State), request.State);
        errors.Required(nameof(request.Code), request.Code);
        return ValueTask.CompletedTask;
    }
}

public sealed class CompleteConnectHandler(
    ProfileEngineDbContext db,
    CurrentOperator currentOperator,
    SecretProtector protector,
    VendorHostPolicy hosts,
    VendorConnectors connectors,
    TimeProvider timeProvider,
    ILogger<CompleteConnectHandler> logger) : ICommandHandler<CompleteConnect, ConnectionStatusView>
{
    private const string RequestName = nameof(CompleteConnect);

    public async ValueTask<ConnectionStatusView> Handle(CompleteConnect command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var now = timeProvider.GetUtcNow();
        var stateHash = OAuthState.Hash(command.State);
        var pending = await db.OAuthAuthorizations.SingleOrDefaultAsync(a => a.StateHash == stateHash, cancellationToken)
            ?? throw Refused("This sign-in state is unknown; start Connect again.");
        if (pending.UsedAt is not null)
        {
            throw Refused("This sign-in state was already used; start Connect again.");
        }

        if (now >= pending.ExpiresAt)
        {
            throw Refused($"This sign-in state expired at {pending.ExpiresAt:O}; start Connect again.");
        }

        if (!string.Equals(pending.Operator, currentOperator.Name, StringComparison.Ordinal))
        {
            throw Refused("This sign-in was started by another operator; start Connect yourself.");
        }

        var alias = await db.ConnectionAliases.Include(a => a.ParentAlias).SingleAsync(a => a.Id == pending.AliasId, cancellationToken);
        if (command.Alias is not null && !string.Equals(command.Alias, alias.Name, StringComparison.Ordinal))
        {
            throw Refused($"This sign-in was started for the alias '{alias.Name}', not '{command.Alias}'.");
        }

        // Burnt before the vendor is called: whatever happens next, this state never completes a second sign-in.
        pending.UsedAt = now;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw Refused("This sign-in state was already used; start Connect again.");
        }

        var connection = await db.FindConnectionAsync(alias.Id, cancellationToken)
            ?? throw Refused($"The alias '{alias.Name}' lost its connection details; set them and start Connect again.");
        hosts.Demand(connection.BaseUrl);
        string clientSecret;
        try
        {
            clientSecret = protector.Unprotect(connection.ProtectedClientSecret);
        }
        catch (CredentialsUnreadableException unreadable)
        {
            throw Refused(unreadable.Message);
        }

        var baseAddress = new Uri(connection.BaseUrl);

        var signIn = connectors.SignInOf(connectors.OwnerOf(alias) ?? throw Refused($"No registered connector owns the alias '{alias.Name}'."));
        var signedIn = await signIn.CompleteAsync(
            new ConnectorCodeExchange(baseAddress, connection.ClientId, clientSecret, command.Code, pending.RedirectUri), cancellationToken);
        connection.StoreSignIn(signedIn, pending.RequestedScopes, protector, currentOperator.Name, now, timeProvider.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);

        logger.LogInformation("Connection {Alias} connected to org {OrgId} by {Operator}", alias.Name, signedIn.AccountId, currentOperator.Name);
        return ConnectionStatusView.From(alias, connection);
    }

    private static RequestValidationException Refused(string message) => new(RequestName, nameof(CompleteConnect.State), message);
}
