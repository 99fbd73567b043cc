using Microsoft.EntityFrameworkCore;
using ProfileEngine.Connectors;
using ProfileEngine.Persistence;

namespace ProfileEngine.Connections;

/// <summary>
/// Creates the parent aliases of every registered connector that the database does not have yet, once the schema is
/// current. Aliases of connectors no longer registered stay (their connections and profiles keep their history).
/// </summary>
public static class ConnectorAliasSeeding
{
    /// <returns>The names of the aliases it created.</returns>
    public static async Task<IReadOnlyList<string>> EnsureParentAliasesAsync(
        ProfileEngineDbContext db, IEnumerable<VendorConnector> connectors, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(connectors);
        var existing = (await db.ConnectionAliases.Select(a => a.Name).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        var created = new List<string>();
        foreach (var connector in connectors)
        {
            var names = connector.Aliases.ParentNames;
            var clash = await db.ConnectionAliases.Where(a => names.Contains(a.Name) && a.ParentAliasId != null).Select(a => a.Name).FirstOrDefaultAsync(cancellationToken);
            if (clash is not null)
            {
                throw new InvalidOperationException(
                    $"The connector '{connector.ProfileType}' needs the parent alias '{clash}', but a child alias has that name; rename the child alias.");
            }

            foreach (var parent in connector.Aliases.NewParents(() => Guid.CreateVersion7(now), now).Where(a => !existing.Contains(a.Name)))
            {
                db.ConnectionAliases.Add(parent);
                existing.Add(parent.Name);
                created.Add(parent.Name);
            }
        }

        if (created.Count > 0)
        {
            using var audit = Audit.AuditScope.Begin(new(Messaging.CurrentOperator.System, "CreateConnectorParentAliases", now));
            await db.SaveChangesAsync(cancellationToken);
        }

        return created;
    }
}
