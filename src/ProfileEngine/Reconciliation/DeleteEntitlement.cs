using Mediator;
using Microsoft.EntityFrameworkCore;
using ProfileEngine.Audit;
using ProfileEngine.Persistence;

namespace ProfileEngine.Reconciliation;

/// <summary>
/// Deletes an entitlement, made against the version the admin read. Reconciliation snapshots taken before keep the
/// figures it contributed to.
/// </summary>
public sealed record DeleteEntitlement(Guid EntitlementId, int Version) : ICommand<DeletedEntitlement>, IAuditedCommand;

public sealed record DeletedEntitlement(Guid EntitlementId, Guid ModelId, string Name);

public sealed class DeleteEntitlementHandler(ProfileEngineDbContext db) : ICommandHandler<DeleteEntitlement, DeletedEntitlement>
{
    public async ValueTask<DeletedEntitlement> Handle(DeleteEntitlement command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var entitlement = await EntitlementRules.FindCurrentAsync(db, command.EntitlementId, command.Version, nameof(DeleteEntitlement), cancellationToken);
        db.Entitlements.Remove(entitlement);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw EntitlementRules.ChangedMeanwhile(nameof(DeleteEntitlement), entitlement);
        }

        return new DeletedEntitlement(entitlement.Id, entitlement.ModelId, entitlement.Name);
    }
}
