using Mediator;
using Microsoft.EntityFrameworkCore;
using ProfileEngine.Audit;
using ProfileEngine.Messaging;
using ProfileEngine.Persistence;

namespace ProfileEngine.Reclamation;

/// <summary>Changes a rule; candidates already open keep the settings they opened with (as ServiceNow copies them).</summary>
public sealed record UpdateReclamationRule(Guid RuleId, int Version, ReclamationRuleSettings Settings) : ICommand<ReclamationRuleView>, IAuditedCommand;

public sealed class UpdateReclamationRuleValidator : IValidator<UpdateReclamationRule>
{
    public ValueTask ValidateAsync(UpdateReclamationRule request, ValidationErrors errors, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(errors);
        if (request.Settings is null)
        {
            errors.Add(nameof(request.Settings), "Settings are required.");
        }
        else
        {
            request.Settings.Validate(errors);
        }

        return ValueTask.CompletedTask;
    }
}

public sealed class UpdateReclamationRuleHandler(ProfileEngineDbContext db, TimeProvider clock) : ICommandHandler<UpdateReclamationRule, ReclamationRuleView>
{
    public async ValueTask<ReclamationRuleView> Handle(UpdateReclamationRule command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var rule = await db.ReclamationRules.SingleOrDefaultAsync(r => r.Id == command.RuleId, cancellationToken)
            ?? throw new RequestNotFoundException(nameof(UpdateReclamationRule), nameof(command.RuleId), $"There is no reclamation rule {command.RuleId}.");
        if (rule.Version != command.Version)
        {
            throw new RequestConflictException(nameof(UpdateReclamationRule), nameof(command.Version),
                $"Reclamation rule '{rule.Name}' changed since version {command.Version} (it is at version {rule.Version}); read it again.");
        }

        command.Settings.ApplyTo(rule);
        rule.UpdatedAt = clock.GetUtcNow();
        rule.Version++;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new RequestConflictException(nameof(UpdateReclamationRule), nameof(command.Version), $"Reclamation rule '{rule.Name}' changed meanwhile; read it again.");
        }

        return ReclamationRuleView.Of(rule);
    }
}
