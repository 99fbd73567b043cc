using Mediator;
using ProfileEngine.Audit;
using ProfileEngine.Messaging;
using ProfileEngine.Persistence;

namespace ProfileEngine.Reclamation;

/// <summary>Adds a work note to a candidate without changing its state.</summary>
public sealed record AddCandidateWorkNote(string Number, string Text) : ICommand<RemovalCandidateDetails>, IAuditedCommand;

public sealed class AddCandidateWorkNoteValidator : IValidator<AddCandidateWorkNote>
{
    public ValueTask ValidateAsync(AddCandidateWorkNote request, ValidationErrors errors, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(errors);
        errors.Required(nameof(request.Number), request.Number);
        if (!errors.Required(nameof(request.Text), request.Text) && request.Text.Length > 4000)
        {
            errors.Add(nameof(request.Text), "Text must be at most 4000 characters.");
        }

        return ValueTask.CompletedTask;
    }
}

public sealed class AddCandidateWorkNoteHandler(ProfileEngineDbContext db, CurrentOperator currentOperator, TimeProvider clock)
    : ICommandHandler<AddCandidateWorkNote, RemovalCandidateDetails>
{
    public async ValueTask<RemovalCandidateDetails> Handle(AddCandidateWorkNote command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var candidate = await CandidateLookup.FindAsync(db, command.Number, nameof(AddCandidateWorkNote), cancellationToken, track: false);
        CandidateChanges.AddNote(db, candidate, currentOperator.Name, command.Text.Trim(), clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return await CandidateLookup.DetailsAsync(db, candidate.Id, cancellationToken);
    }
}
