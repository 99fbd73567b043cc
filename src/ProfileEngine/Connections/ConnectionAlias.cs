using ProfileEngine.Audit;

namespace ProfileEngine.Connections;

/// <summary>
/// Which credential a profile uses. Each connector's four parent aliases are created at start-up and picked by the
/// profile's check boxes (<see cref="Connectors.ConnectorAliases.ParentFor"/>); a child alias (one with a
/// <see cref="ParentAliasId"/>) lets another profile, for another account at the vendor, have a connection of its own.
/// One alias has at most one connection.
/// </summary>
public sealed class ConnectionAlias : IAudited
{
    public Guid Id { get; set; }

    public required string Name { get; set; }

    /// <summary>Null for a parent alias.</summary>
    public Guid? ParentAliasId { get; set; }

    public ConnectionAlias? ParentAlias { get; set; }

    /// <summary>The processes this alias's connection serves; they decide <see cref="RequiredScopes"/>.</summary>
    public bool DownloadActivity { get; set; }

    public bool ReclaimSubscriptions { get; set; }

    public bool UsesAdminAudit { get; set; }

    public bool UsesScimDirectory { get; set; }

    /// <summary>Space-separated OAuth scopes Connect asks for.</summary>
    public required string RequiredScopes { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public bool IsParent => ParentAliasId is null;

    public IReadOnlyList<string> RequiredScopeList => RequiredScopes.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
