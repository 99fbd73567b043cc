using Microsoft.EntityFrameworkCore;
using ProfileEngine.Messaging;
using ProfileEngine.Persistence;

namespace ProfileEngine.Connections;

/// <summary>Finding an alias and its connection by the alias name, as every connection use case starts.</summary>
internal static class ConnectionAliasLookup
{
    public static async Task<ConnectionAlias?> FindAliasAsync(this ProfileEngineDbContext db, string name, CancellationToken cancellationToken) =>
        await db.ConnectionAliases.Include(a => a.ParentAlias).SingleOrDefaultAsync(a => a.Name == name, cancellationToken);

    /// <summary>Adds "Alias: no alias named …" unless the alias exists; returns it.</summary>
    public static async Task<ConnectionAlias?> RequireAliasAsync(this ProfileEngineDbContext db, string? name, ValidationErrors errors, CancellationToken cancellationToken)
    {
        if (errors.Required("Alias", name))
        {
            return null;
        }

        var alias = await db.FindAliasAsync(name!, cancellationToken);
        if (alias is null)
        {
            errors.Add("Alias", $"There is no connection alias named '{name}'.");
        }

        return alias;
    }

    public static Task<Connection?> FindConnectionAsync(this ProfileEngineDbContext db, Guid aliasId, CancellationToken cancellationToken) =>
        db.Connections.SingleOrDefaultAsync(c => c.AliasId == aliasId, cancellationToken);
}
