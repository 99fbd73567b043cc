using System.Security.Cryptography;
using System.Text;
using Mediator;
using Microsoft.Extensions.Options;
using ProfileEngine.Audit;
using ProfileEngine.Connectors;
using ProfileEngine.Messaging;
using ProfileEngine.Persistence;

namespace ProfileEngine.Connections;

/// <summary>
/// Starts the OAuth authorization-code flow for an alias: returns the vendor's authorize URL to send the
/// operator to. Its <c>state</c> is bound to this operator and alias, single use, and expires after
/// <see cref="ConnectionOptions.AuthorizationLifetime"/>; only its hash is stored.
/// </summary>
public sealed record StartConnect(string Alias) : ICommand<StartConnectResult>, IAuditedCommand;

public sealed record StartConnectResult(Uri AuthorizeUrl, DateTimeOffset ExpiresAt)
{
    public override string ToString() => $"StartConnectResult {{ AuthorizeUrl = (holds the state), ExpiresAt = {ExpiresAt:O} }}";
}

public sealed class StartConnectValidator(ProfileEngineDbContext db, VendorHostPolicy hosts, VendorConnectors connectors) : IValidator<StartConnect>
{
    public async ValueTask ValidateAsync(StartConnect request, ValidationErrors errors, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(errors);
        var alias = await db.RequireAliasAsync(request.Alias, errors, cancellationToken);
        if (alias is null)
        {
            return;
        }

        if (connectors.OwnerOf(alias) is null)
        {
            errors.Add(nameof(request.Alias), $"No registered connector owns the alias '{alias.Name}'.");
            return;
        }

        var connection = await db.FindConnectionAsync(alias.Id, cancellationToken);
        if (connection is null)
        {
            errors.Add(nameof(request.Alias), $"The alias '{alias.Name}' has no connection details yet; set the base URL, client id, secret and redirect URI first.");
        }
        else if (connection.Method != ConnectionMethod.AuthorizationCode)
        {
            errors.Add(nameof(request.Alias), $"The connection of '{alias.Name}' signs in with {connection.Method}, not in the browser; use Sign in (POST /connections/{alias.Name}/sign-in).");
        }
        else if (hosts.Refusal(connection.BaseUrl) is { } refusal)
        {
            errors.Add("BaseUrl", refusal);
        }
    }
}

public sealed class StartConnectHandler(
    ProfileEngineDbContext db,
    CurrentOperator currentOperator,
    VendorConnectors connectors,
    IOptions<ConnectionOptions> options,
    TimeProvider timeProvider) : ICommandHandler<StartConnect, StartConnectResult>
{
    public async ValueTask<StartConnectResult> Handle(StartConnect command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var alias = await db.FindAliasAsync(command.Alias, cancellationToken)
            ?? throw new InvalidOperationException($"The alias '{command.Alias}' disappeared.");
        var connection = await db.FindConnectionAsync(alias.Id, cancellationToken)
            ?? throw new InvalidOperationException($"The connection of '{command.Alias}' disappeared.");

        var state = OAuthState.New();
        var now = timeProvider.GetUtcNow();
        var pending = new OAuthAuthorization
        {
            Id = Guid.CreateVersion7(now),
            StateHash = OAuthState.Hash(state),
            AliasId = alias.Id,
            Operator = currentOperator.Name,
            RedirectUri = connection.RedirectUri,
            RequestedScopes = alias.RequiredScopes,
            CreatedAt = now,
            ExpiresAt = now + options.Value.AuthorizationLifetime,
        };
        db.OAuthAuthorizations.Add(pending);
        await db.SaveChangesAsync(cancellationToken);

        var url = connectors.SignInOf(connectors.OwnerOfRequired(alias)).AuthorizeUri(new Uri(connection.BaseUrl), connection.ClientId, connection.RedirectUri, alias.RequiredScopeList, state);
        return new StartConnectResult(url, pending.ExpiresAt);
    }
}

/// <summary>The OAuth <c>state</c>: 256 random bits, stored only as a SHA-256 hash.</summary>
public static class OAuthState
{
    public static string New() => Base64UrlEncode(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string state) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(state)));

    private static string Base64UrlEncode(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
