using Mediator;
using ProfileEngine.Audit;
using ProfileEngine.Connections;
using ProfileEngine.Messaging;
using ProfileEngine.Persistence;
using ProfileEngine.Workflows.Loading;

namespace ProfileEngine.Profiles;

/// <summary>
/// Saves a new Webex profile, always as Draft. The check boxes start as ServiceNow's do (Download activity and
/// Reclaim on); the alias defaults to the parent the boxes choose and the subflows to the three Webex definitions.
/// </summary>
public sealed record CreateProfile(
    string DisplayName,
    bool DownloadSubscriptions = true,
    bool DownloadActivity = true,
    bool ReclaimSubscriptions = true,
    DateTimeOffset? AnalyzeUserActivityFrom = null,
    string? ConnectionAlias = null,
    string? DownloadSubflow = null,
    string? ActivitySubflow = null,
    string? ReclaimSubflow = null) : ICommand<ProfileView>, IAuditedCommand, IntegrationProfileRules.IProfileFields;

public sealed class CreateProfileValidator(ProfileEngineDbContext db, WorkflowDefinitionStore definitions, TimeProvider clock) : IValidator<CreateProfile>
{
    public async ValueTask ValidateAsync(CreateProfile request, ValidationErrors errors, CancellationToken cancellationToken) =>
        await IntegrationProfileRules.ValidateFieldsAsync(request, null, db, definitions, clock, errors, cancellationToken);
}

public sealed class CreateProfileHandler(ProfileEngineDbContext db, CurrentOperator currentOperator, TimeProvider clock) : ICommandHandler<CreateProfile, ProfileView>
{
    public async ValueTask<ProfileView> Handle(CreateProfile command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var aliasName = IntegrationProfileRules.AliasNameFor(command, null);
        var alias = await db.FindAliasAsync(aliasName, cancellationToken)
            ?? throw new InvalidOperationException($"The alias '{aliasName}' disappeared.");
        var now = clock.GetUtcNow();
        var displayName = command.DisplayName.Trim();
        var profile = new IntegrationProfile
        {
            Id = Guid.CreateVersion7(now),
            DisplayName = displayName,
            NormalizedDisplayName = IntegrationProfile.Normalize(displayName),
            Status = ProfileStatus.Draft,
            DownloadSubscriptions = true,
            DownloadActivity = command.DownloadActivity,
            ReclaimSubscriptions = command.ReclaimSubscriptions,
            AnalyzeUserActivityFrom = command.AnalyzeUserActivityFrom,
            ConnectionAliasId = alias.Id,
            ConnectionAlias = alias,
            DownloadSubflow = command.DownloadSubflow ?? DefaultSubflows.Download,
            ActivitySubflow = command.ActivitySubflow ?? DefaultSubflows.Activity,
            ReclaimSubflow = command.ReclaimSubflow ?? DefaultSubflows.Reclaim,
            CreatedAt = now,
            CreatedBy = currentOperator.Name,
            UpdatedAt = now,
            Version = 1,
        };
        db.IntegrationProfiles.Add(profile);
        await db.SaveChangesAsync(cancellationToken);
        return await ProfileViews.LoadAsync(db, profile.Id, cancellationToken);
    }
}
