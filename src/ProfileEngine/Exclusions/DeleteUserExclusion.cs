using Mediator;
using ProfileEngine.Audit;
using ProfileEngine.Persistence;

namespace ProfileEngine.Exclusions;

/// <summary>Deletes a user exclusion; the user's subscriptions no other rule excludes are unmarked in the same transaction.</summary>
public sealed record DeleteUserExclusion(Guid Id) : ICommand, IAuditedCommand;

public sealed class DeleteUserExclusionHandler(ProfileEngineDbContext db, TimeProvider clock) : ICommandHandler<DeleteUserExclusion>
{
    public async ValueTask<Unit> Handle(DeleteUserExclusion command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var rule = await ExclusionLookup.UserRuleAsync(db, command.Id, nameof(DeleteUserExclusion), cancellationToken);
        db.UserExclusions.Remove(rule);
        await ExclusionMarks.SaveAndMarkUserAsync(db, rule.UserPrincipalName, clock.GetUtcNow(), cancellationToken);
        return Unit.Value;
    }
}
