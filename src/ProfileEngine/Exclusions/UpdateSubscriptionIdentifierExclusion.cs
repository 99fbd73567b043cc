using Mediator;
using ProfileEngine.Audit;
using ProfileEngine.Persistence;

namespace ProfileEngine.Exclusions;

/// <summary>Turns an identifier exclusion on or off; its subscriptions are marked (or unmarked) in the same transaction.</summary>
public sealed record UpdateSubscriptionIdentifierExclusion(Guid Id, bool Active) : ICommand<SubscriptionIdentifierExclusionView>, IAuditedCommand;

public sealed class UpdateSubscriptionIdentifierExclusionHandler(ProfileEngineDbContext db, TimeProvider clock)
    : ICommandHandler<UpdateSubscriptionIdentifierExclusion, SubscriptionIdentifierExclusionView>
{
    public async ValueTask<SubscriptionIdentifierExclusionView> Handle(UpdateSubscriptionIdentifierExclusion command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var rule = await ExclusionLookup.IdentifierRuleAsync(db, command.Id, nameof(UpdateSubscriptionIdentifierExclusion), cancellationToken);
        if (rule.Active == command.Active)
        {
            return SubscriptionIdentifierExclusionView.Of(rule);
        }

        rule.Active = command.Active;
        await ExclusionMarks.SaveAndMarkProfileTypeAsync(db, rule.ProfileType, clock.GetUtcNow(), cancellationToken);
        return SubscriptionIdentifierExclusionView.Of(rule);
    }
}
