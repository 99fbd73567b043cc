using Mediator;
using ProfileEngine.Audit;
using ProfileEngine.Messaging;
using ProfileEngine.Persistence;

namespace ProfileEngine.Exclusions;

/// <summary>
/// Changes a user exclusion: on or off, its reason and its expiry (null: never expires). The user's subscriptions are
/// marked or unmarked in the same transaction.
/// </summary>
public sealed record UpdateUserExclusion(Guid Id, bool Active, string Reason, DateTimeOffset? ExpiresAt) : ICommand<UserExclusionView>, IAuditedCommand;

public sealed class UpdateUserExclusionValidator(TimeProvider clock) : IValidator<UpdateUserExclusion>
{
    public ValueTask ValidateAsync(UpdateUserExclusion request, ValidationErrors errors, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(errors);
        UserExclusionRules.ValidateReasonAndExpiry(request.Reason, request.ExpiresAt, clock.GetUtcNow(), errors);
        return ValueTask.CompletedTask;
    }
}

public sealed class UpdateUserExclusionHandler(ProfileEngineDbContext db, TimeProvider clock) : ICommandHandler<UpdateUserExclusion, UserExclusionView>
{
    public async ValueTask<UserExclusionView> Handle(UpdateUserExclusion command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var rule = await ExclusionLookup.UserRuleAsync(db, command.Id, nameof(UpdateUserExclusion), cancellationToken);
        rule.Active = command.Active;
        rule.Reason = command.Reason.Trim();
        rule.ExpiresAt = command.ExpiresAt;
        await ExclusionMarks.SaveAndMarkUserAsync(db, rule.UserPrincipalName, clock.GetUtcNow(), cancellationToken);
        return UserExclusionView.Of(rule);
    }
}
