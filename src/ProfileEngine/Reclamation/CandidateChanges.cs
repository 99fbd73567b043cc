using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ProfileEngine.Audit;

namespace ProfileEngine.Reclamation;

/// <summary>
/// Moves a tracked candidate through <see cref="CandidateLifecycle"/> and adds, to the same unit of work, the work note
/// that explains the move and the audit row: the caller's one SaveChanges commits state, note and audit together.
/// </summary>
public static class CandidateChanges
{
    public const string SystemActor = "system";

    /// <summary>Applies <paramref name="action"/>; throws <see cref="IllegalCandidateTransitionException"/> when the state does not allow it.</summary>
    public static CandidateState Apply(DbContext db, RemovalCandidate candidate, CandidateAction action, string actor, string? note, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        var from = candidate.State;
        var to = CandidateLifecycle.Next(candidate.Number, from, action, candidate.NotifiesHolder);
        candidate.State = to;
        candidate.UpdatedAt = at;
        candidate.Version++;
        if (!CandidateLifecycle.IsOpen(to))
        {
            candidate.ClosedAt = at;
            candidate.ClosedBy = actor;
            candidate.OpenSubscriptionId = null;
        }

        var text = string.IsNullOrWhiteSpace(note)
            ? $"{CandidateLifecycle.Describe(action)}: {CandidateLifecycle.Describe(from)} → {CandidateLifecycle.Describe(to)}."
            : note.Trim();
        db.Add(new CandidateWorkNote
        {
            CandidateId = candidate.Id, At = at, Author = actor, Action = action.ToString(), FromState = from, ToState = to,
            Text = text.Length > 4000 ? text[..4000] : text,
        });
        db.Add(new AuditEntry
        {
            At = at,
            Actor = actor,
            Action = AuditScope.Current?.Action ?? action.ToString(),
            EntityType = nameof(RemovalCandidate),
            EntityId = candidate.Number,
            Change = "Modified",
            Before = JsonSerializer.Serialize(new { State = from.ToString() }),
            After = JsonSerializer.Serialize(new { State = to.ToString(), Action = action.ToString() }),
        });
        return to;
    }

    /// <summary>Adds a note without changing the state.</summary>
    public static void AddNote(DbContext db, RemovalCandidate candidate, string author, string text, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        db.Add(new CandidateWorkNote { CandidateId = candidate.Id, At = at, Author = author, Text = text.Length > 4000 ? text[..4000] : text });
    }
}
