using Microsoft.EntityFrameworkCore;
using ProfileEngine.Persistence;

namespace ProfileEngine.Reclamation;

/// <summary>
/// Checks a profile's open candidates against what is known now, before new ones are made: an exclusion closes one as
/// Closed Skipped, fresh activity as Closed Canceled, and a rule that no longer selects it (its threshold was raised,
/// or the activity history is shorter than the threshold) as Closed Canceled with a note naming the rule. A candidate
/// whose reclaim is running is not moved: it gets the note once, and the reclaim's re-check closes it before the vendor
/// call. Each closed candidate keeps the activity that closed it (last activity, inactive days). Candidates of models
/// no active rule governs, or whose product has no activity coverage at all yet, are not closed for their rule.
/// </summary>
public static class OpenCandidateReview
{
    public sealed record Outcome(int Canceled, int NoLongerSelected, int ClosedExcluded, List<string> Flows);

    public static async Task<Outcome> RunAsync(
        ProfileEngineDbContext db, Guid profileId, IReadOnlyList<ModelSelection> selections, string actor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        int canceled = 0, noLongerSelected = 0, excluded = 0;
        var flows = new List<string>();
        foreach (var selection in selections)
        {
            var open = db.RemovalCandidates
                .Where(c => c.ProfileId == profileId && c.ModelId == selection.ModelId && c.OpenSubscriptionId != null)
                .Join(db.SoftwareSubscriptions, c => c.SubscriptionId, s => s.Id, (c, s) => new { Candidate = c, s.LastActivity, s.Excluded, Created = s.ExternalCreated ?? s.FirstSeenAt });

            // Only the ones something may have changed for leave the database: all of a model whose rule selects nobody
            // now. Without any coverage (no activity read yet, e.g. right after an upgrade) nothing is known either way:
            // only exclusions and fresh activity close candidates then.
            if (selection.Cutoff is { } cutoff)
            {
                open = open.Where(x => x.Excluded || (x.LastActivity ?? x.Created) >= cutoff
                    || x.LastActivity > x.Candidate.OpenedAt || x.LastActivity > x.Candidate.LastActivity || (x.LastActivity != null && x.Candidate.LastActivity == null));
            }
            else if (selection.Coverage is null)
            {
                open = open.Where(x => x.Excluded
                    || x.LastActivity > x.Candidate.OpenedAt || x.LastActivity > x.Candidate.LastActivity || (x.LastActivity != null && x.Candidate.LastActivity == null));
            }

            foreach (var item in await open.ToListAsync(cancellationToken))
            {
                var candidate = item.Candidate;
                var selected = selection.Selects(item.LastActivity, item.Created) || selection.Coverage is null;
                var fresh = item.LastActivity is { } last && (candidate.LastActivity is null || last > candidate.LastActivity) && last > now.AddDays(-selection.ThresholdDays);
                if (!item.Excluded && selected && !fresh)
                {
                    continue;
                }

                if (candidate.ReclaimingInstanceId is not null)
                {
                    var what = item.Excluded ? "the subscription is now excluded"
                        : fresh ? $"meaningful activity on {item.LastActivity:yyyy-MM-dd HH:mm} UTC was found"
                        : $"rule '{selection.Rule.Name}' no longer selects it ({selection.ThresholdDays} days)";
                    await NoteRunningReclaimAsync(db, candidate, what, now, cancellationToken);
                    continue;
                }

                if (item.Excluded && CandidateLifecycle.Target(candidate.State, CandidateAction.CloseSkipped, candidate.NotifiesHolder) is not null)
                {
                    CandidateChanges.Apply(db, candidate, CandidateAction.CloseSkipped, actor, "Closed Skipped: the subscription is now excluded by an exclusion rule.", now);
                    excluded++;
                }
                else if (fresh)
                {
                    CandidateChanges.Apply(db, candidate, CandidateAction.ActivityDetected, actor,
                        $"Closed Canceled: meaningful activity on {item.LastActivity:yyyy-MM-dd HH:mm} UTC shows the license is in use.", now);
                    canceled++;
                }
                else if (!selected)
                {
                    CandidateChanges.Apply(db, candidate, CandidateAction.RuleNoLongerSelects, actor, WhyNotSelected(selection, item.LastActivity, item.Created, now), now);
                    noLongerSelected++;
                }
                else
                {
                    continue;
                }

                candidate.LastActivity = item.LastActivity;
                candidate.InactiveDays = selection.InactiveDays(item.LastActivity, item.Created, now);
                if (candidate.WorkflowInstanceId is { } flow)
                {
                    flows.Add(flow);
                }
            }

            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }

        return new Outcome(canceled, noLongerSelected, excluded, flows);
    }

    /// <summary>The work note of a candidate its rule no longer selects, naming the rule and what it asks now.</summary>
    public static string WhyNotSelected(ModelSelection selection, DateTimeOffset? lastActivity, DateTimeOffset created, DateTimeOffset now)
    {
        var rule = $"rule '{selection.Rule.Name}' (updated {selection.Rule.UpdatedAt:yyyy-MM-dd HH:mm} UTC) now asks for {selection.ThresholdDays} days without activity";
        if (selection.Limitation(now) is { } limitation)
        {
            return $"Closed Canceled: {rule}, more than can be proven: {limitation}";
        }

        var since = lastActivity is { } last ? $"the last activity on {last:yyyy-MM-dd HH:mm} UTC" : $"the account, created {created:yyyy-MM-dd}, has been inactive only";
        return $"Closed Canceled: {rule}; {since} is {selection.InactiveDays(lastActivity, created, now)} days ago, so it no longer selects this subscription.";
    }

    private static async Task NoteRunningReclaimAsync(ProfileEngineDbContext db, RemovalCandidate candidate, string what, DateTimeOffset now, CancellationToken cancellationToken)
    {
        const string action = "NoteWhileReclaiming";
        if (await db.CandidateWorkNotes.AnyAsync(n => n.CandidateId == candidate.Id && n.Action == action, cancellationToken))
        {
            return;
        }

        db.CandidateWorkNotes.Add(new CandidateWorkNote
        {
            CandidateId = candidate.Id, At = now, Author = CandidateChanges.SystemActor, Action = action, FromState = candidate.State, ToState = candidate.State,
            Text = $"Evaluation: {what} while its reclaim is running; the reclaim re-checks before the vendor call and closes the candidate instead of removing the license.",
        });
    }
}
