using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using ProfileEngine.Audit;
using ProfileEngine.Messaging;
using ProfileEngine.Persistence;
using ProfileEngine.Reclamation;
using ProfileEngine.Scheduling;
using Quartz;

namespace ProfileEngine.Profiles;

/// <summary>
/// Deletes a profile, its scheduled jobs and what it downloaded. Its scheduled job results stay as history, and its connection alias
/// (which other profiles may share) stays.
/// </summary>
/// <remarks>
/// As ServiceNow does, its software subscriptions go, its open removal candidates close as Closed Skipped (their
/// history stays), and its reclamation rules stay; all in the one transaction that deletes the profile.
/// </remarks>
public sealed record DeleteProfile(Guid ProfileId, int Version) : ICommand<DeletedProfile>, IAuditedCommand;

public sealed record DeletedProfile(Guid ProfileId, string DisplayName, IReadOnlyList<string> DeletedJobs, int ClosedCandidates = 0);

public sealed class DeleteProfileHandler(
    ProfileEngineDbContext db,
    ProfileSchedule schedule,
    CandidateFlows flows,
    CurrentOperator currentOperator,
    TimeProvider clock,
    ILogger<DeleteProfileHandler> logger)
    : ICommandHandler<DeleteProfile, DeletedProfile>
{
    public async ValueTask<DeletedProfile> Handle(DeleteProfile command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var profile = await ProfileLookup.FindCurrentAsync(db, command.ProfileId, command.Version, nameof(DeleteProfile), cancellationToken);
        var jobs = await db.ProfileJobs.Where(j => j.ProfileId == profile.Id).ToListAsync(cancellationToken);
        db.ProfileJobs.RemoveRange(jobs);
        db.IntegrationProfiles.Remove(profile);
        var now = clock.GetUtcNow();
        var open = await db.RemovalCandidates.Where(c => c.ProfileId == profile.Id && c.OpenSubscriptionId != null).ToListAsync(cancellationToken);
        foreach (var candidate in open)
        {
            CandidateChanges.Apply(db, candidate, CandidateAction.ProfileDeleted, currentOperator.Name, $"Closed Skipped: profile '{profile.DisplayName}' was deleted.", now);
        }

        // The profile, its job records and what it downloaded go in one transaction.
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException)
            {
                throw ProfileLookup.ChangedMeanwhile(nameof(DeleteProfile), profile);
            }

            // Its subscriptions, licenses, unrecognized identifiers and watermarks go with it (rules, models and the
            // candidates' history stay).
            await db.RemovalCandidates.Where(c => c.ProfileId == profile.Id).ExecuteUpdateAsync(u => u.SetProperty(c => c.SubscriptionId, (long?)null), cancellationToken);
            await db.SoftwareSubscriptions.Where(s => s.ProfileId == profile.Id).ExecuteDeleteAsync(cancellationToken);
            await db.ProfileLicenses.Where(l => l.ProfileId == profile.Id).ExecuteDeleteAsync(cancellationToken);
            await db.UnrecognizedSubscriptionIdentifiers.Where(u => u.ProfileId == profile.Id).ExecuteDeleteAsync(cancellationToken);
            await db.SyncWatermarks.Where(w => w.ProfileId == profile.Id).ExecuteDeleteAsync(cancellationToken);
            await db.ActivityCoverages.Where(c => c.ProfileId == profile.Id).ExecuteDeleteAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        // Then Quartz (another database), once ours has committed: every process, not only the recorded rows, so a
        // job Quartz kept without a row goes too. One that fires before this finds no record and deletes itself.
        foreach (var process in Enum.GetValues<ProfileProcess>())
        {
            try
            {
                await schedule.DeleteAsync(profile.Id, process, cancellationToken);
            }
            catch (SchedulerException e)
            {
                // The profile is gone already; the job that fires finds no record and deletes itself (ProfileJobRunner).
                logger.LogWarning(e, "The {Process} job of deleted profile {Profile} could not be removed from the scheduler now", process, profile.DisplayName);
            }
        }

        await flows.CancelAsync(open.Where(c => c.WorkflowInstanceId is not null).Select(c => c.WorkflowInstanceId!), cancellationToken);
        logger.LogInformation("Profile {Profile} deleted with {Count} scheduled job(s)", profile.DisplayName, jobs.Count);
        return new DeletedProfile(profile.Id, profile.DisplayName, [.. jobs.OrderBy(j => j.Process).Select(j => j.Name)], open.Count);
    }
}
