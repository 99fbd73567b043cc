using Mediator;
using Microsoft.EntityFrameworkCore;
using ProfileEngine.Audit;
using ProfileEngine.Messaging;
using ProfileEngine.Persistence;
using ProfileEngine.Scheduling;

namespace ProfileEngine.Profiles;

/// <summary>
/// An operator's run-now of one of a profile's jobs: Quartz fires it at once (still one run at a time per job).
/// The run's outcome arrives as a scheduled job result.
/// </summary>
public sealed record RunProfileJobNow(Guid ProfileId, ProfileProcess Process) : ICommand<RunNowAccepted>, IAuditedCommand;

public sealed record RunNowAccepted(Guid ProfileId, string JobName, DateTimeOffset RequestedAt, string RequestedBy);

public sealed class RunProfileJobNowHandler(ProfileEngineDbContext db, ProfileSchedule schedule, CurrentOperator currentOperator, TimeProvider clock)
    : ICommandHandler<RunProfileJobNow, RunNowAccepted>
{
    public async ValueTask<RunNowAccepted> Handle(RunProfileJobNow command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var profile = await ProfileLookup.FindAsync(db, command.ProfileId, nameof(RunProfileJobNow), cancellationToken);
        var job = await db.ProfileJobs.SingleOrDefaultAsync(j => j.ProfileId == profile.Id && j.Process == command.Process, cancellationToken)
            ?? throw new RequestValidationException(
                nameof(RunProfileJobNow),
                nameof(command.Process),
                $"The profile '{profile.DisplayName}' has no {command.Process} job; {(command.Process == ProfileProcess.Activity ? "publish it with Download activity on" : "publish it")} first.");

        if (!await schedule.ExistsAsync(profile.Id, command.Process, cancellationToken))
        {
            throw new InvalidOperationException($"The scheduler has no job {job.QuartzKey} for '{job.Name}'; publish the profile again to recreate it.");
        }

        job.LastRunRequestedAt = clock.GetUtcNow();
        job.LastRunRequestedBy = currentOperator.Name;
        await db.SaveChangesAsync(cancellationToken);
        await schedule.RunNowAsync(profile.Id, command.Process, currentOperator.Name, cancellationToken);
        return new RunNowAccepted(profile.Id, job.Name, job.LastRunRequestedAt.Value, currentOperator.Name);
    }
}
