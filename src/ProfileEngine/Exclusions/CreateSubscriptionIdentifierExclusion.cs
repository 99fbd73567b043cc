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
/// An admin excludes an identifier (a license id, or a key of the connector's product catalog) in every
/// profile of a type. The matching subscriptions are marked excluded in the same transaction, not only at the next download.
/// </summary>
public sealed record CreateSubscriptionIdentifierExclusion(string ProfileType, string Identifier, bool Active = true)
    : ICommand<SubscriptionIdentifierExclusionView>, IAuditedCommand;

public sealed class CreateSubscriptionIdentifierExclusionValidator(ProfileEngineDbContext db) : IValidator<CreateSubscriptionIdentifierExclusion>
{
    public async ValueTask ValidateAsync(CreateSubscriptionIdentifierExclusion request, ValidationErrors errors, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(errors);
        if (!errors.Required(nameof(request.ProfileType), request.ProfileType) && request.ProfileType.Trim().Length > 50)
        {
            errors.Add(nameof(request.ProfileType), "ProfileType is at most 50 characters.");
        }

        if (!errors.Required(nameof(request.Identifier), request.Identifier))
        {
            if (request.Identifier.Trim().Length > 500)
            {
                errors.Add(nameof(request.Identifier), "Identifier is at most 500 characters.");
            }
            else if (!string.IsNullOrWhiteSpace(request.ProfileType))
            {
                var (type, identifier) = (request.ProfileType.Trim(), request.Identifier.Trim().ToUpperInvariant());
                if (await db.SubscriptionIdentifierExclusions.AnyAsync(r => r.ProfileType == type && r.Identifier.ToUpper() == identifier, cancellationToken))
                {
                    errors.Add(nameof(request.Identifier), $"'{request.Identifier.Trim()}' is already excluded for {type} profiles.");
                }
            }
        }
    }
}

public sealed class CreateSubscriptionIdentifierExclusionHandler(ProfileEngineDbContext db, TimeProvider clock)
    : ICommandHandler<CreateSubscriptionIdentifierExclusion, SubscriptionIdentifierExclusionView>
{
    public async ValueTask<SubscriptionIdentifierExclusionView> Handle(CreateSubscriptionIdentifierExclusion command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var now = clock.GetUtcNow();
        var rule = new SubscriptionIdentifierExclusion
        {
            Id = Guid.NewGuid(),
            ProfileType = command.ProfileType.Trim(),
            Identifier = command.Identifier.Trim(),
            Active = command.Active,
            CreatedAt = now,
            CreatedBy = AuditScope.Current?.Actor,
        };
        db.SubscriptionIdentifierExclusions.Add(rule);
        await ExclusionMarks.SaveAndMarkProfileTypeAsync(db, rule.ProfileType, now, cancellationToken);
        return SubscriptionIdentifierExclusionView.Of(rule);
    }
}
