using System.Text.Json;
using Mediator;
using Microsoft.EntityFrameworkCore;
using ProfileEngine.Audit;
using ProfileEngine.Messaging;
using ProfileEngine.Persistence;

namespace ProfileEngine.Subscriptions;

/// <summary>
/// An admin maps an unrecognized identifier to a software model: the identifier, the profile's license and every
/// subscription with that identifier take the model at once (one transaction, with an audit row); later downloads keep it.
/// </summary>
public sealed record MapUnrecognizedIdentifier(Guid ProfileId, string Identifier, Guid ModelId) : ICommand<UnrecognizedIdentifierView>, IAuditedCommand;

public sealed class MapUnrecognizedIdentifierValidator : IValidator<MapUnrecognizedIdentifier>
{
    public ValueTask ValidateAsync(MapUnrecognizedIdentifier request, ValidationErrors errors, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(errors);
        if (string.IsNullOrWhiteSpace(request.Identifier))
        {
            errors.Add(nameof(request.Identifier), "Identifier is required.");
        }

        if (request.ModelId == Guid.Empty)
        {
            errors.Add(nameof(request.ModelId), "ModelId is required.");
        }

        return ValueTask.CompletedTask;
    }
}

public sealed class MapUnrecognizedIdentifierHandler(ProfileEngineDbContext db, TimeProvider clock) : ICommandHandler<MapUnrecognizedIdentifier, UnrecognizedIdentifierView>
{
    public async ValueTask<UnrecognizedIdentifierView> Handle(MapUnrecognizedIdentifier command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var entry = await db.UnrecognizedSubscriptionIdentifiers
            .SingleOrDefaultAsync(u => u.ProfileId == command.ProfileId && u.Identifier == command.Identifier, cancellationToken)
            ?? throw new RequestNotFoundException(nameof(MapUnrecognizedIdentifier), nameof(command.Identifier), $"The profile {command.ProfileId} has no unrecognized identifier '{command.Identifier}'.");
        var model = await db.SoftwareModels.AsNoTracking().SingleOrDefaultAsync(m => m.Id == command.ModelId, cancellationToken)
            ?? throw new RequestNotFoundException(nameof(MapUnrecognizedIdentifier), nameof(command.ModelId), $"There is no software model {command.ModelId}.");
        var scope = AuditScope.Current ?? throw new InvalidOperationException("Mapping an identifier must run as an audited command.");
        var before = JsonSerializer.Serialize(new { entry.MappedModelId });
        var now = clock.GetUtcNow();
        entry.MappedModelId = model.Id;
        entry.MappedBy = scope.Actor;
        entry.MappedAt = now;
        db.AuditEntries.Add(new AuditEntry
        {
            At = scope.At,
            Actor = scope.Actor,
            Action = scope.Action,
            EntityType = nameof(UnrecognizedSubscriptionIdentifier),
            EntityId = $"{command.ProfileId}/{command.Identifier}",
            Change = "Modified",
            Before = before,
            After = JsonSerializer.Serialize(new { MappedModelId = model.Id, ModelName = model.DisplayName }),
        });

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await db.ProfileLicenses
            .Where(l => l.ProfileId == command.ProfileId && l.Identifier == command.Identifier)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.ModelId, model.Id).SetProperty(l => l.IsFree, model.IsFree), cancellationToken);
        await db.SoftwareSubscriptions
            .Where(s => s.ProfileId == command.ProfileId && s.Identifier == command.Identifier)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.ModelId, model.Id).SetProperty(x => x.UpdatedAt, now), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new UnrecognizedIdentifierView(entry.Identifier, entry.Name, entry.SubscriptionCount, entry.MappedModelId, entry.MappedBy, entry.MappedAt, entry.FirstSeenAt, entry.LastSeenAt);
    }
}
