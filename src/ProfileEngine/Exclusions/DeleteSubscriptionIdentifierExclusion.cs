using Mediator;
using ProfileEngine.Audit;
using ProfileEngine.Persistence;

namespace ProfileEngine.Exclusions;

/// <summary>Deletes an identifier exclusion; subscriptions no other rule excludes are unmarked in the same transaction.</summary>
public sealed record DeleteSubscriptionIdentifierExclusion(Guid Id) : ICommand, IAuditedCommand;

public sealed class DeleteSubscriptionIdentifierExclusionHandler(ProfileEngineDbContext db, TimeProvider clock)
    : ICommandHandler<DeleteSubscriptionIdentifierExclusion>
{
    public async ValueTask<Unit> Handle(DeleteSubscriptionIdentifierExclusion command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var rule = await ExclusionLookup.IdentifierRuleAsync(db, command.Id, nameof(DeleteSubscriptionIdentifierExclusion), cancellationToken);
        db.SubscriptionIdentifierExclusions.Remove(rule);
        await ExclusionMarks.SaveAndMarkProfileTypeAsync(db, rule.ProfileType, clock.GetUtcNow(), cancellationToken);
        return Unit.Value;
    }
}
