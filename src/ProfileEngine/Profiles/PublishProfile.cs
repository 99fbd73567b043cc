using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using ProfileEngine.Audit;
using ProfileEngine.Messaging;
using ProfileEngine.Persistence;
using ProfileEngine.Reclamation;
using ProfileEngine.Scheduling;
using ProfileEngine.Templates;
using ProfileEngine.Workflows.Loading;
using Quartz;

namespace ProfileEngine.Profiles;

/// <summary>
/// Publishes a Draft profile, after the operator confirmed (<see cref="Confirm"/>, ServiceNow's Publish Confirmation
/// OK). Needs a passing Validate Connection of the current configuration and published subflows for the processes
/// that run. Creates "SAM - Refresh &lt;name&gt; Subscriptions" (fires now, then daily) and, with Download activity,
/// "SAM - Refresh &lt;name&gt; Activity" (daily, after it).
/// </summary>
public sealed record PublishProfile(Guid ProfileId, int Version, bool Confirm) : ICommand<ProfileView>, IAuditedCommand;

public sealed class PublishProfileValidator : IValidator<PublishProfile>
{
    public ValueTask ValidateAsync(PublishProfile request, ValidationErrors errors, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(errors);
        if (!request.Confirm)
        {
            errors.Add(nameof(request.Confirm), "Publishing creates scheduled jobs that start reading from the vendor; confirm it with Confirm = true.");
        }

        return ValueTask.CompletedTask;
    }
}

public sealed class PublishProfileHandler(
    ProfileEngineDbContext db,
    ProfileSchedule schedule,
    WorkflowDefinitionStore definitions,
    CurrentOperator currentOperator,
    TimeProvider clock,
    ILogger<PublishProfileHandler> logger) : ICommandHandler<PublishProfile, ProfileView>
{
    public async ValueTask<ProfileView> Handle(PublishProfile command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var profile = await ProfileLookup.FindCurrentAsync(db, command.ProfileId, command.Version, nameof(PublishProfile), cancellationToken);
        await RefuseUnlessPublishableAsync(profile, cancellationToken);

        var now = clock.GetUtcNow();
        var processes = profile.DownloadActivity ? new[] { ProfileProcess.Subscriptions, ProfileProcess.Activity } : [ProfileProcess.Subscriptions];
        var jobs = await db.ProfileJobs.Where(j => j.ProfileId == profile.Id).ToListAsync(cancellationToken);
        foreach (var stale in jobs.Where(j => !processes.Contains(j.Process)))
        {
            db.ProfileJobs.Remove(stale);
        }

        var planned = new List<ProfileJob>();
        foreach (var process in processes)
        {
            var name = await schedule.RenderNameAsync(profile.DisplayName, process, cancellationToken);
            var job = jobs.SingleOrDefault(j => j.Process == process);
            if (job is null)
            {
                job = new ProfileJob
                {
                    Id = Guid.CreateVersion7(now),
                    ProfileId = profile.Id,
                    Process = process,
                    Name = name,
                    QuartzKey = ProfileSchedule.QuartzKeyFor(profile.Id, process),
                    Cron = schedule.CronFor(process),
                    TimeZone = schedule.TimeZoneId,
                    CreatedAt = now,
                    CreatedBy = currentOperator.Name,
                };
                db.ProfileJobs.Add(job);
            }
            else
            {
                job.Name = name;
                job.Cron = schedule.CronFor(process);
                job.TimeZone = schedule.TimeZoneId;
            }

            planned.Add(job);
        }

        // ServiceNow creates one reclamation rule per profile, with defaults, when it is first published.
        if (!await db.ReclamationRules.AnyAsync(r => r.ProfileId == profile.Id, cancellationToken))
        {
            db.ReclamationRules.Add(ReclamationRuleDefaults.For(profile, now));
        }

        var previous = (profile.Status, profile.PublishedAt, profile.PublishedBy);
        profile.Status = ProfileStatus.Published;
        profile.PublishedAt = now;
        profile.PublishedBy = currentOperator.Name;
        profile.UpdatedAt = now;
        profile.Version++;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw ProfileLookup.ChangedMeanwhile(nameof(PublishProfile), profile);
        }

        // Quartz's store is another database, written once the profile and its job records have committed: the
        // publish trigger fires at once, and the job must find its record when it does.
        var scheduled = new List<ProfileProcess>();
        try
        {
            foreach (var job in planned)
            {
                await schedule.ScheduleAsync(profile.Id, job.Process, job.Name, fireNow: job.Process == ProfileProcess.Subscriptions, cancellationToken);
                scheduled.Add(job.Process);
            }

            foreach (var stale in jobs.Where(j => !processes.Contains(j.Process)))
            {
                await schedule.DeleteAsync(profile.Id, stale.Process, cancellationToken);
            }
        }
        catch (Exception e) when (e is SchedulerException or TemplateException or IOException or System.Data.Common.DbException)
        {
            logger.LogError(e, "Scheduling the jobs of profile {Profile} failed; it goes back to {Status}", profile.DisplayName, previous.Status);
            await UndoAsync(profile, previous, scheduled);
            throw;
        }

        logger.LogInformation("Profile {Profile} published by {Operator}: {Jobs}", profile.DisplayName, currentOperator.Name, string.Join(", ", planned.Select(j => j.Name)));
        return await ProfileViews.LoadAsync(db, profile.Id, cancellationToken);
    }

    /// <summary>
    /// The scheduler refused: the profile goes back to Draft, the jobs this publish scheduled come out of Quartz,
    /// and the job records are left matching what Quartz still holds. Audited under the same command.
    /// </summary>
    private async Task UndoAsync(IntegrationProfile profile, (ProfileStatus Status, DateTimeOffset? At, string? By) previous, List<ProfileProcess> scheduled)
    {
        var stillScheduled = new HashSet<ProfileProcess>();
        foreach (var process in Enum.GetValues<ProfileProcess>())
        {
            try
            {
                if (scheduled.Contains(process))
                {
                    await schedule.DeleteAsync(profile.Id, process, CancellationToken.None);
                }
                else if (await schedule.ExistsAsync(profile.Id, process, CancellationToken.None))
                {
                    stillScheduled.Add(process);
                }
            }
            catch (SchedulerException e)
            {
                // A scheduler that refused to schedule may refuse this too; the job runner deletes a job without a record.
                logger.LogWarning(e, "Could not check or remove the {Process} job of profile {Profile} after the failed publish", process, profile.DisplayName);
            }
        }

        (profile.Status, profile.PublishedAt, profile.PublishedBy) = previous;
        profile.Version++;
        var records = await db.ProfileJobs.Where(j => j.ProfileId == profile.Id).ToListAsync(CancellationToken.None);
        db.ProfileJobs.RemoveRange(records.Where(j => !stillScheduled.Contains(j.Process)));
        await db.SaveChangesAsync(CancellationToken.None);
    }

    private async Task RefuseUnlessPublishableAsync(IntegrationProfile profile, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        if (profile.Status == ProfileStatus.Published)
        {
            errors.Add(nameof(PublishProfile.ProfileId), $"The profile '{profile.DisplayName}' is already published.");
        }

        var connection = await db.Connections.AsNoTracking().SingleOrDefaultAsync(c => c.AliasId == profile.ConnectionAliasId, cancellationToken);
        if (profile.ValidatedAt is null)
        {
            errors.Add(nameof(PublishProfile.ProfileId), "Validate the connection first: the profile has never been validated.");
        }
        else if (profile.ValidationPassed != true)
        {
            errors.Add(nameof(PublishProfile.ProfileId), "The last Validate Connection failed; fix what it reported and validate again.");
        }
        else if (profile.ValidationFingerprint != ProfileFingerprint.Of(profile, profile.ConnectionAlias!, connection))
        {
            errors.Add(nameof(PublishProfile.ProfileId), "The configuration changed since the last Validate Connection (processes, connection alias or connection); validate again.");
        }

        await RequirePublishedAsync(nameof(IntegrationProfile.DownloadSubflow), profile.DownloadSubflow, errors, cancellationToken);
        if (profile.DownloadActivity)
        {
            await RequirePublishedAsync(nameof(IntegrationProfile.ActivitySubflow), profile.ActivitySubflow, errors, cancellationToken);
        }

        if (profile.ReclaimSubscriptions)
        {
            await RequirePublishedAsync(nameof(IntegrationProfile.ReclaimSubflow), profile.ReclaimSubflow, errors, cancellationToken);
        }

        if (!errors.IsEmpty)
        {
            throw new RequestValidationException(nameof(PublishProfile), errors.ToDictionary());
        }
    }

    private async Task RequirePublishedAsync(string field, string definitionId, ValidationErrors errors, CancellationToken cancellationToken)
    {
        if (await IntegrationProfileRules.BindingProblemAsync(definitionId, definitions, cancellationToken) is { } problem)
        {
            errors.Add(field, problem);
        }
    }
}
