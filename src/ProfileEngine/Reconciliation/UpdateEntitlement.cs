using Mediator;
using Microsoft.EntityFrameworkCore;
using ProfileEngine.Audit;
using ProfileEngine.Messaging;
using ProfileEngine.Persistence;

namespace ProfileEngine.Reconciliation;

/// <summary>
/// Saves an entitlement's fields, made against <see cref="Version"/> (the version the admin read; an older one is a
/// conflict, never a silent overwrite).
/// </summary>
public sealed record UpdateEntitlement(
    Guid EntitlementId,
    int Version,
    Guid ModelId,
    string Name,
    int RightsOwned,
    decimal UnitPrice,
    string Currency,
    EntitlementTerm Term = EntitlementTerm.Annual,
    DateTimeOffset? StartsAt = null,
    DateTimeOffset? EndsAt = null) : ICommand<EntitlementView>, IAuditedCommand, IEntitlementFields;

public sealed class UpdateEntitlementValidator(ProfileEngineDbContext db) : IValidator<UpdateEntitlement>
{
    public async ValueTask ValidateAsync(UpdateEntitlement request, ValidationErrors errors, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        await EntitlementRules.ValidateAsync(request, request.EntitlementId, db, errors, cancellationToken);
    }
}

public sealed class UpdateEntitlementHandler(ProfileEngineDbContext db, TimeProvider clock) : ICommandHandler<UpdateEntitlement, EntitlementView>
{
    public async ValueTask<EntitlementView> Handle(UpdateEntitlement command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var entitlement = await EntitlementRules.FindCurrentAsync(db, command.EntitlementId, command.Version, nameof(UpdateEntitlement), cancellationToken);
        var now = clock.GetUtcNow();
        EntitlementRules.Apply(command, entitlement);
        entitlement.UpdatedAt = now;
        entitlement.Version++;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw EntitlementRules.ChangedMeanwhile(nameof(UpdateEntitlement), entitlement);
        }

        return await EntitlementRules.ViewAsync(db, entitlement, now, cancellationToken);
    }
}
