using Mediator;
using ProfileEngine.Audit;
using ProfileEngine.Messaging;
using ProfileEngine.Persistence;

namespace ProfileEngine.Reconciliation;

/// <summary>
/// Records rights owned for a software model: how many, the price of one right per term, the currency and, optionally,
/// the period the contract is in force (open ends mean "always").
/// </summary>
public sealed record CreateEntitlement(
    Guid ModelId,
    string Name,
    int RightsOwned,
    decimal UnitPrice,
    string Currency,
    EntitlementTerm Term = EntitlementTerm.Annual,
    DateTimeOffset? StartsAt = null,
    DateTimeOffset? EndsAt = null) : ICommand<EntitlementView>, IAuditedCommand, IEntitlementFields;

public sealed class CreateEntitlementValidator(ProfileEngineDbContext db) : IValidator<CreateEntitlement>
{
    public async ValueTask ValidateAsync(CreateEntitlement request, ValidationErrors errors, CancellationToken cancellationToken) =>
        await EntitlementRules.ValidateAsync(request, null, db, errors, cancellationToken);
}

public sealed class CreateEntitlementHandler(ProfileEngineDbContext db, TimeProvider clock) : ICommandHandler<CreateEntitlement, EntitlementView>
{
    public async ValueTask<EntitlementView> Handle(CreateEntitlement command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var now = clock.GetUtcNow();
        var entitlement = new Entitlement
        {
            Id = Guid.CreateVersion7(now),
            Name = command.Name,
            Currency = command.Currency,
            CreatedAt = now,
            UpdatedAt = now,
            Version = 1,
        };
        EntitlementRules.Apply(command, entitlement);
        db.Entitlements.Add(entitlement);
        await db.SaveChangesAsync(cancellationToken);
        return await EntitlementRules.ViewAsync(db, entitlement, now, cancellationToken);
    }
}
