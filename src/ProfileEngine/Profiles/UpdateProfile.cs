using Mediator;
using Microsoft.EntityFrameworkCore;
using ProfileEngine.Audit;
using ProfileEngine.Connections;
using ProfileEngine.Connectors;
using ProfileEngine.Messaging;
using ProfileEngine.Persistence;
using ProfileEngine.Scheduling;
using ProfileEngine.Workflows.Loading;

namespace ProfileEngine.Profiles;

/// <summary>
/// Saves a profile's fields, made against <see cref="Version"/> (the version the operator read; an older one is a
/// conflict, never a silent overwrite). Saving never publishes. On a Published profile, a change to the processes,
/// the connection alias or a subflow binding puts it back to Draft, deletes its "SAM - Refresh &lt;name&gt; Activity"
/// job and asks for a new validation before it can be published again. A new display name renames its jobs.
/// </summary>
/// <param name="ConnectionAlias">Null: a child alias already in use stays; otherwise the parent the boxes choose.</param>
/// <param name="DownloadSubflow">Null: the binding stays as it is (likewise the other two).</param>
public sealed record UpdateProfile(
    Guid ProfileId,
    int Version,
    string DisplayName,
    bool DownloadSubscriptions,
    bool DownloadActivity,
    bool ReclaimSubscriptions,
    DateTimeOffset? AnalyzeUserActivityFrom,
    string? ConnectionAlias = null,
    string? DownloadSubflow = null,
    string? ActivitySubflow = null,
    string? ReclaimSubflow = null,
    IReadOnlyDictionary<string, string>? ConnectorSettings = null) : ICommand<ProfileView>, IAuditedCommand, IntegrationProfileRules.IProfileFields;

public sealed class UpdateProfileValidator(ProfileEngineDbContext db, WorkflowDefinitionStore definitions, VendorConnectors connectors, TimeProvider clock) : IValidator<UpdateProfile>
{
    public async ValueTask ValidateAsync(UpdateProfile request, ValidationErrors errors, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var current = await db.IntegrationProfiles.AsNoTracking()
            .Include(p => p.ConnectionAlias).ThenInclude(a => a!.ParentAlias)
            .SingleOrDefaultAsync(p => p.Id == request.ProfileId, cancellationToken);
        if (current is not null)
        {
            var connector = connectors.Find(current.ProfileType);
            if (connector is null)
            {
                errors.Add(nameof(request.ProfileId), $"No registered connector handles this profile's type '{current.ProfileType}'; it cannot be changed on this engine.");
                return;
            }

            await IntegrationProfileRules.ValidateFieldsAsync(request, current, connector with { DefaultSubflows = new SubflowBindings(current.DownloadSubflow, current.ActivitySubflow, current.ReclaimSubflow) }, db, definitions, clock, errors, cancellationToken);
        }
    }
}

public sealed class UpdateProfileHandler(ProfileEngineDbContext db, ProfileSchedule schedule, VendorConnectors connectors, TimeProvider clock) : ICommandHandler<UpdateProfile, ProfileView>
{
    public async ValueTask<ProfileView> Handle(UpdateProfile command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var profile = await ProfileLookup.FindCurrentAsync(db, command.ProfileId, command.Version, nameof(UpdateProfile), cancellationToken);
        var aliasName = IntegrationProfileRules.AliasNameFor(command, profile.ConnectionAlias, connectors.For(profile.ProfileType));
        var alias = await db.FindAliasAsync(aliasName, cancellationToken)
            ?? throw new InvalidOperationException($"The alias '{aliasName}' disappeared.");

        var displayName = command.DisplayName.Trim();
        var downloadSubflow = command.DownloadSubflow ?? profile.DownloadSubflow;
        var activitySubflow = command.ActivitySubflow ?? profile.ActivitySubflow;
        var reclaimSubflow = command.ReclaimSubflow ?? profile.ReclaimSubflow;
        var processesChanged = profile.DownloadActivity != command.DownloadActivity || profile.ReclaimSubscriptions != command.ReclaimSubscriptions;
        var aliasChanged = profile.ConnectionAliasId != alias.Id;
        var subflowChanged = profile.DownloadSubflow != downloadSubflow || profile.ActivitySubflow != activitySubflow || profile.ReclaimSubflow != reclaimSubflow;
        var renamed = !string.Equals(profile.DisplayName, displayName, StringComparison.Ordinal);
        var backToDraft = profile.Status == ProfileStatus.Published && (processesChanged || aliasChanged || subflowChanged);

        profile.DisplayName = displayName;
        profile.NormalizedDisplayName = IntegrationProfile.Normalize(displayName);
        profile.DownloadActivity = command.DownloadActivity;
        profile.ReclaimSubscriptions = command.ReclaimSubscriptions;
        profile.AnalyzeUserActivityFrom = command.AnalyzeUserActivityFrom;
        profile.ConnectionAliasId = alias.Id;
        profile.ConnectionAlias = alias;
        profile.DownloadSubflow = downloadSubflow;
        profile.ActivitySubflow = activitySubflow;
        profile.ReclaimSubflow = reclaimSubflow;
        if (command.ConnectorSettings is not null)
        {
            profile.ConnectorSettings = ConnectorSettings.Serialize(command.ConnectorSettings);
        }
        if (backToDraft)
        {
            profile.Status = ProfileStatus.Draft;
            // The Validate Connection button comes back: the old result no longer admits a publish.
            profile.ValidationFingerprint = null;
        }

        profile.UpdatedAt = clock.GetUtcNow();
        profile.Version++;

        var jobs = await db.ProfileJobs.Where(j => j.ProfileId == profile.Id).ToListAsync(cancellationToken);
        var activityJob = jobs.SingleOrDefault(j => j.Process == ProfileProcess.Activity);
        var deleteActivityJob = activityJob is not null && (backToDraft || !profile.DownloadActivity);
        if (deleteActivityJob)
        {
            db.ProfileJobs.Remove(activityJob!);
            jobs.Remove(activityJob!);
        }

        if (renamed)
        {
            foreach (var job in jobs)
            {
                job.Name = await schedule.RenderNameAsync(displayName, job.Process, cancellationToken);
            }
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw ProfileLookup.ChangedMeanwhile(nameof(UpdateProfile), profile);
        }

        // Quartz's store is another database, changed once ours has committed. A job that fires in between finds
        // no job record and deletes itself (ProfileJobRunner), so a failure here leaves no job running unrecorded.
        if (deleteActivityJob)
        {
            await schedule.DeleteAsync(profile.Id, ProfileProcess.Activity, cancellationToken);
        }

        if (renamed)
        {
            foreach (var job in jobs)
            {
                await schedule.RenameAsync(profile.Id, job.Process, job.Name, cancellationToken);
            }
        }

        return await ProfileViews.LoadAsync(db, profile.Id, cancellationToken);
    }
}
