using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using ProfileEngine.Audit;
using ProfileEngine.Persistence;
using ProfileEngine.Scheduling;

namespace ProfileEngine.Profiles;

/// <summary>
/// Deletes a profile and its scheduled jobs. Its scheduled job results stay as history, and its connection alias
/// (which other profiles may share) stays.
/// </summary>
/// <remarks>
/// ServiceNow also removes the profile's software subscriptions and closes its open removal candidates as Closed
/// Skipped, keeping its reclamation rules. Those records arrive with the subscriptions and reclamation issues; their
/// handling joins this handler, in the same SaveChanges (one transaction), when they do.
/// </remarks>
public sealed record DeleteProfile(Guid ProfileId, int Version) : ICommand<DeletedProfile>, IAuditedCommand;

public sealed record DeletedProfile(Guid ProfileId, string DisplayName, IReadOnlyList<string> DeletedJobs);

public sealed class DeleteProfileHandler(ProfileEngineDbContext db, ProfileSchedule schedule, ILogger<DeleteProfileHandler> logger)
    : ICommandHandler<DeleteProfile, DeletedProfile>
{
    public async ValueTask<DeletedProfile> Handle(DeleteProfile command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var profile = await ProfileLookup.FindCurrentAsync(db, command.ProfileId, command.Version, nameof(DeleteProfile), cancellationToken);
        var jobs = await db.ProfileJobs.Where(j => j.ProfileId == profile.Id).ToListAsync(cancellationToken);
        db.ProfileJobs.RemoveRange(jobs);
        db.IntegrationProfiles.Remove(profile);

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

            // Its subscriptions, licenses, unrecognized identifiers and watermarks go with it (rules and models stay).
            await db.SoftwareSubscriptions.Where(s => s.ProfileId == profile.Id).ExecuteDeleteAsync(cancellationToken);
            await db.ProfileLicenses.Where(l => l.ProfileId == profile.Id).ExecuteDeleteAsync(cancellationToken);
            await db.UnrecognizedSubscriptionIdentifiers.Where(u => u.ProfileId == profile.Id).ExecuteDeleteAsync(cancellationToken);
            await db.SyncWatermarks.Where(w => w.ProfileId == profile.Id).ExecuteDeleteAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        // Then Quartz (another database), once ours has committed: every process, not only the recorded rows, so a
        // job Quartz kept without a row goes too. One that fires before this finds no record and deletes itself.
        foreach (var process in Enum.GetValues<ProfileProcess>())
        {
            await schedule.DeleteAsync(profile.Id, process, cancellationToken);
        }

        logger.LogInformation("Profile {Profile} deleted with {Count} scheduled job(s)", profile.DisplayName, jobs.Count);
        return new DeletedProfile(profile.Id, profile.DisplayName, [.. jobs.OrderBy(j => j.Process).Select(j => j.Name)]);
    }
}
