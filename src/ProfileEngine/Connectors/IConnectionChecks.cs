using ProfileEngine.Connections;
using ProfileEngine.Profiles;

namespace ProfileEngine.Connectors;

/// <summary>
/// The vendor half of Validate Connection: with a connection the engine found usable (allowed host, connected), the
/// connector checks the token, the scopes and one read of each API the profile's Download and Activity processes use.
/// Each check passes or fails with the vendor's (secret-free) message; none writes.
/// </summary>
public interface IConnectionChecks
{
    /// <summary>The checks that would run, by process and name, to list as not run when the connection is unusable.</summary>
    IReadOnlyList<(string Process, string Name)> Planned(IntegrationProfile profile, ConnectionAlias connectionAlias);

    Task<IReadOnlyList<ConnectionCheck>> RunAsync(IntegrationProfile profile, ConnectionAlias connectionAlias, Connection connection, CancellationToken cancellationToken);
}
