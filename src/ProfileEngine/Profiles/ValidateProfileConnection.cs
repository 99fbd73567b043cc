using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using ProfileEngine.Audit;
using ProfileEngine.Connections;
using ProfileEngine.Connectors;
using ProfileEngine.Messaging;
using ProfileEngine.Persistence;

namespace ProfileEngine.Profiles;

/// <summary>
/// Validate Connection: runs the checks of the profile's Download and Activity processes against the vendor (the
/// connector's <see cref="IConnectionChecks"/>), never the Reclaim ones (they would need a write). Each check passes or
/// fails with the vendor's message; the result is stored on the profile with what it validated, and is what Publish requires.
/// </summary>
public sealed record ValidateProfileConnection(Guid ProfileId) : ICommand<ProfileView>, IAuditedCommand;

public sealed class ValidateProfileConnectionHandler(
    ProfileEngineDbContext db,
    VendorConnectors connectors,
    VendorHostPolicy hosts,
    CurrentOperator currentOperator,
    TimeProvider clock,
    ILogger<ValidateProfileConnectionHandler> logger) : ICommandHandler<ValidateProfileConnection, ProfileView>
{
    public const string ConnectionProcess = "Connection";
    public const string DownloadProcess = "Download";
    public const string ActivityProcess = "Activity";

    public async ValueTask<ProfileView> Handle(ValidateProfileConnection command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var profile = await ProfileLookup.FindAsync(db, command.ProfileId, nameof(ValidateProfileConnection), cancellationToken);
        var alias = profile.ConnectionAlias!;
        var connection = await db.Connections.AsNoTracking().SingleOrDefaultAsync(c => c.AliasId == alias.Id, cancellationToken);
        var fingerprint = ProfileFingerprint.Of(profile, alias, connection);

        var checks = await RunChecksAsync(profile, alias, connection, cancellationToken);
        var passed = checks.All(c => c.Passed);
        profile.ValidatedAt = clock.GetUtcNow();
        profile.ValidatedBy = currentOperator.Name;
        profile.ValidationPassed = passed;
        profile.ValidationChecks = ProfileViews.SerializeChecks(checks);
        profile.ValidationFingerprint = fingerprint;
        profile.UpdatedAt = profile.ValidatedAt.Value;
        profile.Version++;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw ProfileLookup.ChangedMeanwhile(nameof(ValidateProfileConnection), profile);
        }

        logger.LogInformation(
            "Validate Connection of profile {Profile}: {Result} ({Failed} of {Count} checks failed)",
            profile.DisplayName, passed ? "passed" : "failed", checks.Count(c => !c.Passed), checks.Count);
        return await ProfileViews.LoadAsync(db, profile.Id, cancellationToken);
    }

    private async Task<IReadOnlyList<ConnectionCheck>> RunChecksAsync(
        IntegrationProfile profile, ConnectionAlias alias, Connection? connection, CancellationToken cancellationToken)
    {
        var checks = new List<ConnectionCheck>();
        var vendorChecks = connectors.ChecksOf(connectors.For(profile.ProfileType));

        // Without a usable connection nothing else can run; the remaining checks are listed as not run.
        var blocker = connection is null
            ? $"The alias '{alias.Name}' has no connection; set its details and run Connect."
            : hosts.Refusal(connection.BaseUrl) is { } refusal
                ? refusal
                : connection.Status != ConnectionStatus.Connected
                    ? $"The connection of '{alias.Name}' is {connection.Status}; an operator must run Connect."
                    : null;
        checks.Add(new ConnectionCheck(ConnectionProcess, "Allowed vendor host", connection is not null && hosts.Refusal(connection.BaseUrl) is null,
            connection is null ? $"The alias '{alias.Name}' has no connection." : hosts.Refusal(connection.BaseUrl) ?? $"{new Uri(connection.BaseUrl).Host} is allowed."));
        if (blocker is not null)
        {
            checks.Add(new ConnectionCheck(ConnectionProcess, "Token works", false, blocker));
            checks.AddRange(vendorChecks.Planned(profile, alias).Select(a => new ConnectionCheck(a.Process, a.Name, false, $"Not checked: {blocker}")));
            return checks;
        }

        checks.AddRange(await vendorChecks.RunAsync(profile, alias, connection!, cancellationToken));
        return checks;
    }
}
