using Mediator;
using Microsoft.EntityFrameworkCore;
using ProfileEngine.Audit;
using ProfileEngine.Messaging;
using ProfileEngine.Persistence;
using ProfileEngine.Subscriptions;

namespace ProfileEngine.Exclusions;

// CA1862: these comparisons run in SQL, where EF Core translates ToUpper() to upper(); string.Equals with a
// StringComparison does not translate.
#pragma warning disable CA1862

/// <summary>
/// An admin excludes a user (by user principal name, in every profile) with a reason, optionally until a time in the
/// future. The user's subscriptions are marked excluded in the same transaction, not only at the next download.
/// </summary>
public sealed record CreateUserExclusion(string UserPrincipalName, string Reason, DateTimeOffset? ExpiresAt = null) : ICommand<UserExclusionView>, IAuditedCommand;

public sealed class CreateUserExclusionValidator(ProfileEngineDbContext db, TimeProvider clock) : IValidator<CreateUserExclusion>
{
    public async ValueTask ValidateAsync(CreateUserExclusion request, ValidationErrors errors, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(errors);
        if (!errors.Required(nameof(request.UserPrincipalName), request.UserPrincipalName))
        {
            var upn = request.UserPrincipalName.Trim();
            if (upn.Length > 320 || upn.IndexOf('@', StringComparison.Ordinal) is <= 0 || upn.EndsWith('@'))
            {
                errors.Add(nameof(request.UserPrincipalName), $"'{upn}' is not a user principal name (an email address of at most 320 characters).");
            }
            else
            {
                var upper = upn.ToUpperInvariant();
                if (await db.UserExclusions.AnyAsync(r => r.UserPrincipalName.ToUpper() == upper, cancellationToken))
                {
                    errors.Add(nameof(request.UserPrincipalName), $"{upn} is already excluded; change that exclusion instead.");
                }
            }
        }

        UserExclusionRules.ValidateReasonAndExpiry(request.Reason, request.ExpiresAt, clock.GetUtcNow(), errors);
    }
}

public sealed class CreateUserExclusionHandler(ProfileEngineDbContext db, TimeProvider clock) : ICommandHandler<CreateUserExclusion, UserExclusionView>
{
    public async ValueTask<UserExclusionView> Handle(CreateUserExclusion command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var now = clock.GetUtcNow();
        var rule = new UserExclusion
        {
            Id = Guid.NewGuid(),
            UserPrincipalName = command.UserPrincipalName.Trim(),
            Reason = command.Reason.Trim(),
            ExpiresAt = command.ExpiresAt,
            CreatedAt = now,
            CreatedBy = AuditScope.Current?.Actor,
        };
        db.UserExclusions.Add(rule);
        await ExclusionMarks.SaveAndMarkUserAsync(db, rule.UserPrincipalName, now, cancellationToken);
        return UserExclusionView.Of(rule);
    }
}
