using Mediator;
using Microsoft.EntityFrameworkCore;
using ProfileEngine.Audit;
using ProfileEngine.Messaging;
using ProfileEngine.Persistence;

namespace ProfileEngine.Reclamation;

/// <summary>Adds a rule to a profile, optionally for one software model (which then wins over the profile's rule for it).</summary>
public sealed record CreateReclamationRule(Guid ProfileId, Guid? ModelId, ReclamationRuleSettings Settings) : ICommand<ReclamationRuleView>, IAuditedCommand;

public sealed class CreateReclamationRuleValidator(ProfileEngineDbContext db) : IValidator<CreateReclamationRule>
{
    public async ValueTask ValidateAsync(CreateReclamationRule request, ValidationErrors errors, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(errors);
        if (request.Settings is null)
        {
            errors.Add(nameof(request.Settings), "Settings are required.");
            return;
        }

        request.Settings.Validate(errors);
        if (!await db.IntegrationProfiles.AnyAsync(p => p.Id == request.ProfileId, cancellationToken))
        {
            errors.Add(nameof(request.ProfileId), $"There is no integration profile {request.ProfileId}.");
        }

        if (request.ModelId is { } model)
        {
            var found = await db.SoftwareModels.Where(m => m.Id == model).Select(m => (bool?)m.IsFree).SingleOrDefaultAsync(cancellationToken);
            if (found is null)
            {
                errors.Add(nameof(request.ModelId), $"There is no software model {model}.");
            }
            else if (found == true)
            {
                errors.Add(nameof(request.ModelId), "The model is free: free licenses are never reclamation candidates.");
            }
        }

        if (await db.ReclamationRules.AnyAsync(r => r.ProfileId == request.ProfileId && r.ModelId == request.ModelId, cancellationToken))
        {
            errors.Add(nameof(request.ModelId), request.ModelId is null
                ? "The profile already has a rule for all its models; update that one."
                : "The profile already has a rule for this model; update that one.");
        }
    }
}

public sealed class CreateReclamationRuleHandler(ProfileEngineDbContext db, TimeProvider clock) : ICommandHandler<CreateReclamationRule, ReclamationRuleView>
{
    public async ValueTask<ReclamationRuleView> Handle(CreateReclamationRule command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var now = clock.GetUtcNow();
        var rule = new ReclamationRule { Id = Guid.CreateVersion7(now), Name = command.Settings.Name, ProfileId = command.ProfileId, ModelId = command.ModelId, CreatedAt = now, UpdatedAt = now };
        command.Settings.ApplyTo(rule);
        db.ReclamationRules.Add(rule);
        await db.SaveChangesAsync(cancellationToken);
        return ReclamationRuleView.Of(rule);
    }
}
